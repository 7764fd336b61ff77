import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'platform:public';

/** Opts a controller or handler out of the API-key guard (health, metrics). */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
