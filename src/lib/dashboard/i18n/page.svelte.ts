/**
 * `t` for the dashboard's pages and components: the signed-in user's language (or, on the sign-in
 * page, the browser's), from the admin layout's data. Reading it in a template follows a change of
 * language without reloading.
 */
import { page } from '$app/state';
import { translator, type Key, type Message, type Params, type Translator } from './index.ts';

export const tr = (): Translator => translator(page.data.lang);

/** `t('key')`, `t(message)`; `t.when(iso)`, `t.day(date)`, `t.ago(iso, now)`, `t.number(n)` */
const call = (what: Key | Message, params?: Params) => tr()(what, params);
call.when = (iso: string | null | undefined) => tr().when(iso);
call.day = (isoDate: string, options?: Intl.DateTimeFormatOptions) => tr().day(isoDate, options);
call.ago = (iso: string, nowIso: string) => tr().ago(iso, nowIso);
call.number = (n: number) => tr().number(n);
Object.defineProperty(call, 'lang', { get: () => tr().lang });

/** `t('key')`, `t(message)`; `t.when(iso)`, `t.day(date)`, `t.ago(iso, now)`, `t.number(n)` */
export const t = call as Translator;
