import EventBusyIcon from '@mui/icons-material/EventBusy';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import { OverduePage } from './OverduePage';
import { ReviewInbox } from './ReviewInbox';
import { ReviewPage } from './ReviewPage';

export { BounceBanner, BounceLine } from './BounceBanner';
export { FirmReviewPanel } from './FirmReviewPanel';
export { useReviewCommentMessages } from './useReviewCommentMessages';

/** The review screen of one return, under the inbox it is opened from. */
export const reviewPath = (returnId: string) => `/review/inbox/${returnId}/show`;

/**
 * 审核工作台: the inbox of returns waiting for the caller's review level (GET /api/review/inbox), and one return
 * under review as its show page.
 */
export const reviewInboxResource = { list: ReviewInbox, show: ReviewPage, icon: FactCheckIcon };

/** 催报: a page of its own (GET /api/review/overdue is a report, not a list). */
export const overdueResource = { list: OverduePage, icon: EventBusyIcon };
