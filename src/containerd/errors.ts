/**
 * The one translation of gRPC failures into tsctl errors. containerd sends its Go error text as the status
 * details (errdefs.ToGRPC); we keep that text as the message, since it is what users and scripts see from ctr.
 */
import {
  CancelledError,
  ConflictError,
  DaemonUnavailableError,
  DeadlineExceededError,
  FailedPreconditionError,
  InternalError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  TsctlError,
  UnimplementedError,
} from '../errors/index';

/** gRPC status codes (grpc/doc/statuscodes.md); a copy so this module does not load grpc-js. */
export const Status = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

export interface GrpcLikeError {
  code: number;
  details?: string;
  message?: string;
}

export function isGrpcError(e: unknown): e is GrpcLikeError {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'number' && 'details' in e;
}

/** Maps a gRPC error to a tsctl error; `address` names the socket in connection failures. */
export function translateGrpcError(e: unknown, address: string): TsctlError {
  if (e instanceof TsctlError) return e;
  if (!isGrpcError(e)) return new InternalError(e instanceof Error ? e.message : String(e), { cause: e });
  const text = (e.details || e.message || 'unknown error').trim();
  switch (e.code) {
    case Status.NOT_FOUND:
      return new NotFoundError(text, 'NOT_FOUND', { cause: e });
    case Status.ALREADY_EXISTS:
      return new ConflictError(text, 'ALREADY_EXISTS', { cause: e });
    case Status.FAILED_PRECONDITION:
      return new FailedPreconditionError(text, { cause: e });
    case Status.INVALID_ARGUMENT:
    case Status.OUT_OF_RANGE:
      return new InvalidArgumentError(text, { cause: e });
    case Status.DEADLINE_EXCEEDED:
      return new DeadlineExceededError(`containerd at unix://${address} did not answer in time: ${text}`, { cause: e });
    case Status.CANCELLED:
      return new CancelledError(text, { cause: e });
    case Status.UNIMPLEMENTED:
      return new UnimplementedError(`containerd at unix://${address} does not support this call: ${text}`, { cause: e });
    case Status.PERMISSION_DENIED:
    case Status.UNAUTHENTICATED:
      return new PermissionDeniedError(text, { cause: e });
    case Status.UNAVAILABLE:
      // containerd's own "ref … locked": another client is writing the same ingest ref (not a connection problem).
      if (/^ref \S+ locked\b/.test(text)) return new ConflictError(text, 'CONFLICT', { cause: e });
      return unavailable(address, text, e);
    default:
      return new InternalError(text, { cause: e });
  }
}

export function unavailable(address: string, reason: string, cause?: unknown): DaemonUnavailableError {
  return new DaemonUnavailableError(`Cannot connect to containerd at unix://${address}: ${reason}. Is containerd running?`, { cause });
}
