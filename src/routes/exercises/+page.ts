import { exercises } from '$lib/exercises/catalog';
import type { PageLoad } from './$types';

export const load: PageLoad = () => ({ exercises });
