// An error whose code crosses the API boundary as-is (the dispatcher reads `code`).
import type { ApiError } from '../../../shared/api/contract';

export class ApiFailure extends Error {
  constructor(
    readonly code: ApiError['code'],
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}
