// What waits for the signed-in user (issue 9, item 8), read from the
// existing API with the user's own rights (no new permission): for a pilot,
// the actions their organisation pilots or copilots with what is due on each
// (météo missing or old, status not given, roadmap steps late or coming,
// indicators without a value or with a stale one); for staff, the values to
// validate and the contributions to answer, per plan. Used by the home page
// (cards with counts) and mes-actions.html.
import { api } from './api.js';
import { can, PERM } from './sections.js';
import { today, isNum } from './plan-ui.js';

const quiet = { redirectOn401: false };
const WEATHER_MONTHS = 3; // a météo older than this is to be given again
const SOON_DAYS = 90; // roadmap steps due within this are shown as coming

function addDays(iso, days) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
function addMonths(iso, months) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** Plans the user may read, each with its detail and dashboard (failures left out). */
export async function readablePlans() {
  const { data } = await api.get('/api/plans', null, quiet);
  const out = await Promise.all(data.map((p) => Promise.all([
    api.get(`/api/plans/${encodeURIComponent(p.id)}`, null, quiet).then((r) => r.data),
    api.get(`/api/plans/${encodeURIComponent(p.id)}/dashboard`, null, quiet).then((r) => r.data),
  ]).then(([plan, dash]) => ({ plan, dash }), () => null)));
  return out.filter(Boolean);
}

/**
 * What is due on one action at date now: [{kind, ...}] where kind is
 * 'weather_missing', 'weather_old' {date}, 'status_unknown', 'step_late'
 * {title, date}, 'step_soon' {title, date}, 'value_missing' {indicator},
 * 'value_stale' {indicator, date}.
 */
export function dueOn(action, dashAction, dashInds, now = today()) {
  const due = [];
  const w = dashAction && dashAction.weather;
  if (!w || !w.judged_on) due.push({ kind: 'weather_missing' });
  else if (addMonths(String(w.judged_on).slice(0, 10), WEATHER_MONTHS) < now) due.push({ kind: 'weather_old', date: w.judged_on });
  if (action.status_known === false) due.push({ kind: 'status_unknown' });
  for (const s of action.roadmap || []) {
    if (s.done_on || !s.due_on) continue;
    if (s.due_on < now) due.push({ kind: 'step_late', title: s.title, date: s.due_on });
    else if (s.due_on <= addDays(now, SOON_DAYS)) due.push({ kind: 'step_soon', title: s.title, date: s.due_on });
  }
  for (const ind of action.indicators || []) {
    const d = dashInds.get(ind.id);
    const r = d && d.result;
    if (!r || !isNum(r.current)) due.push({ kind: 'value_missing', indicator: ind });
    else if (r.stale) due.push({ kind: 'value_stale', indicator: ind, date: r.current_date });
  }
  return due;
}

/** True when the user's organisation pilots or copilots the action. */
export function isMine(session, action) {
  const org = session && session.user && session.user.org_id;
  return !!org && (action.partners || []).some((p) => p.org_id === org && (p.role === 'pilot' || p.role === 'copilot'));
}

/** The user's actions across plans: [{plan, dash, axis, action, dashAction, due}], plans as read. */
export async function myActions(session, plans = null) {
  const list = plans || await readablePlans();
  const out = [];
  for (const { plan, dash } of list) {
    const dActions = new Map((dash.actions || []).map((a) => [a.id, a]));
    const dInds = new Map((dash.indicators || []).map((i) => [i.id, i]));
    for (const axis of plan.axes || []) {
      for (const action of axis.actions || []) {
        if (!isMine(session, action)) continue;
        const dashAction = dActions.get(action.id) || null;
        out.push({ plan, dash, axis, action, dashAction, dInds, due: dueOn(action, dashAction, dInds) });
      }
    }
  }
  return { plans: list, actions: out };
}

/** Staff counts per plan: {plan, pending, unanswered} (null when the user may not see it). */
export async function staffCounts(session, plans) {
  const review = can(session, PERM.measurementReview);
  const answer = can(session, PERM.planWrite) && can(session, PERM.contributionRead);
  return Promise.all(plans.map(async (p) => {
    const pid = encodeURIComponent(p.id);
    const pending = review ? await api.get(`/api/plans/${pid}/measurements/pending`, null, quiet).then((r) => r.data.length, () => null) : null;
    const unanswered = answer ? await api.get(`/api/plans/${pid}/contributions`, null, quiet)
      .then((r) => r.data.filter((c) => !c.answered_at).length, () => null) : null;
    return { plan: p, pending, unanswered };
  }));
}
