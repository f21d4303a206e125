import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable } from 'rxjs';
import { requestIdFor, runWithRequestId } from './request-context';

/**
 * Runs each handler inside its request's id (core/context/request-context.ts), so the jobs it enqueues carry it.
 * An interceptor rather than a middleware: the handler runs in the context where the observable is subscribed,
 * after body parsing and uploads, whose stream callbacks would lose a middleware's context.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const id = requestIdFor(http.getRequest<Request>(), http.getResponse<Response>());
    return new Observable((subscriber) => runWithRequestId(id, () => next.handle().subscribe(subscriber)));
  }
}
