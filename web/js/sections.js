// What each role can reach from the home page and the main navigation.
// One table, role code → section keys; a section has its texts in
// T.sections, an href when the page exists (otherwise it is shown as
// "bientôt disponible"), and the permission the server must grant for the
// link to be shown. The server enforces permissions; this only hides links.
import { T } from './texts.js';

// Permission names as returned by GET /api/me (permissions array).
export const PERM = {
  userRead: 'user.read',
  orgWrite: 'org.write',
  auditRead: 'audit.read',
};

export const SECTIONS = {
  users: { href: '/admin/utilisateurs.html', perm: PERM.userRead, icon: 'fr-icon-team-line', nav: 'users' },
  organisations: { href: '/admin/organisations.html', perm: PERM.orgWrite, icon: 'fr-icon-building-line', nav: 'organisations' },
  audit: { href: '/admin/journal.html', perm: PERM.auditRead, icon: 'fr-icon-file-text-line', nav: 'audit' },
  planSteering: {}, indicators: {}, budgets: {}, governance: {},
  myActions: {}, measurements: {}, dashboard: {}, contributions: {},
  staffingNeeds: {}, candidates: {}, trainees: {}, aids: {},
  myProfile: {}, jobOffers: {}, applications: {}, pathways: {},
  capacities: {}, enrolments: {}, internshipSites: {},
  evaluateSite: {}, postChoice: {}, allowances: {},
  welcomeOffer: {}, publicDashboard: {}, territoryOffers: {},
};

export const ROLE_SECTIONS = {
  anonymous: ['publicDashboard', 'jobOffers', 'territoryOffers'],
  admin: ['users', 'organisations', 'audit', 'planSteering', 'indicators'],
  staff: ['planSteering', 'indicators', 'budgets', 'governance', 'organisations'],
  pilot: ['myActions', 'measurements', 'dashboard'],
  partner: ['dashboard', 'contributions', 'measurements'],
  employer: ['staffingNeeds', 'candidates', 'trainees', 'aids'],
  candidate: ['myProfile', 'jobOffers', 'applications', 'pathways'],
  institute: ['capacities', 'enrolments', 'internshipSites'],
  intern: ['evaluateSite', 'postChoice', 'allowances'],
  local_authority: ['welcomeOffer', 'territoryOffers'],
};

/** True when the session grants permission perm (no perm: always true). */
export function can(session, perm) {
  if (!perm) return true;
  return !!(session && Array.isArray(session.permissions) && session.permissions.includes(perm));
}

/**
 * The sections for a session (null = anonymous), each {key, title, desc,
 * href|null, icon}. Sections whose permission is missing are left out.
 */
export function sectionsFor(session) {
  const role = session && session.user ? session.user.role : 'anonymous';
  const keys = ROLE_SECTIONS[role] || [];
  return keys
    .filter((key) => SECTIONS[key] && can(session, SECTIONS[key].perm))
    .map((key) => ({ key, ...T.sections[key], href: SECTIONS[key].href || null, icon: SECTIONS[key].icon || null }));
}

/** Main navigation entries (sections with a page) for a session. */
export function navFor(session) {
  if (!session) return [];
  return Object.entries(SECTIONS)
    .filter(([, s]) => s.href && s.nav && can(session, s.perm))
    .map(([key, s]) => ({ key, label: T.nav[s.nav], href: s.href }));
}
