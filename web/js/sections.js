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
  orgWriteOwn: 'org.write_own',
  planWrite: 'plan.write',
  actionUpdate: 'action.update',
  measurementPropose: 'measurement.propose',
  measurementReview: 'measurement.review',
  contributionRead: 'contribution.read',
  contributionWrite: 'contribution.write',
  meWrite: 'me.write',
  campaignRead: 'campaign.read',
  campaignManage: 'campaign.manage',
};

export const SECTIONS = {
  users: { href: '/admin/utilisateurs.html', perm: PERM.userRead, icon: 'fr-icon-team-line', nav: 'users' },
  organisations: { href: '/admin/organisations.html', perm: PERM.orgWrite, icon: 'fr-icon-building-line', nav: 'organisations' },
  audit: { href: '/admin/journal.html', perm: PERM.auditRead, icon: 'fr-icon-file-text-line', nav: 'audit' },
  // Plan pages (plans.html lists the plans; the per-plan pages offer a
  // plan chooser when the address names no plan).
  plans: { href: '/plans.html', icon: 'fr-icon-road-map-line', nav: 'plans' },
  validation: { href: '/validation.html', perm: PERM.measurementReview, icon: 'fr-icon-checkbox-circle-line' },
  myAccount: { href: '/compte.html', perm: PERM.meWrite, icon: 'fr-icon-account-circle-line', nav: 'account' },
  myOrganisation: { href: '/organisation.html', perm: PERM.orgWriteOwn, icon: 'fr-icon-building-line' },
  planSteering: { href: '/plans.html', perm: PERM.planWrite, icon: 'fr-icon-road-map-line' },
  indicators: { href: '/plans.html' },
  budgets: { href: '/budget.html', icon: 'fr-icon-money-euro-circle-line' },
  governance: {},
  // a pilot's actions with what is due, and the entry of their indicators
  // (mes-actions.html); the dashboard card goes to the user's plan when the
  // home page finds only one (home.js), else to the list of plans
  myActions: { href: '/mes-actions.html', perm: PERM.actionUpdate, icon: 'fr-icon-edit-line' },
  measurements: { href: '/mes-actions.html#saisie-mesures', perm: PERM.measurementPropose },
  dashboard: { href: '/plans.html', icon: 'fr-icon-line-chart-line' },
  contributions: { href: '/contributions.html', perm: PERM.contributionRead, icon: 'fr-icon-chat-3-line' },
  staffingNeeds: {}, candidates: {}, trainees: {}, aids: {},
  myProfile: {}, jobOffers: {}, applications: {}, pathways: {},
  capacities: {}, enrolments: {}, internshipSites: {},
  evaluateSite: {}, postChoice: {}, allowances: {},
  welcomeOffer: {}, territoryOffers: {},
  publicDashboard: { href: '/plans.html', icon: 'fr-icon-road-map-line' },
};

// Allocation campaigns (issue 4): the staff's campaigns section, the
// interns' "choix de postes" and the sites' ranking go to campagnes.html.
Object.assign(SECTIONS, {
  campaigns: { href: '/campagnes.html', perm: PERM.campaignRead, icon: 'fr-icon-git-merge-line', nav: 'campaigns' },
  postChoice: { href: '/campagnes.html', perm: PERM.campaignRead, icon: 'fr-icon-list-ordered' },
});

// Territorial committee workbooks (issue 3): pilots and plan staff download
// a committee's workbook, upload it filled and review its diff (comite.html).
Object.assign(SECTIONS, {
  committees: { href: '/comite.html', perm: PERM.measurementPropose, icon: 'fr-icon-table-line', nav: 'committees' },
});

// Governance (issue 3): bodies, meetings and decisions of a plan; readable
// by everyone who may read the plan, editable with plan.write.
Object.assign(SECTIONS, {
  governance: { href: '/gouvernance.html', icon: 'fr-icon-team-line' },
});

// Data in and out (issue 3): structure export/import and IATI, for plan.write.
Object.assign(SECTIONS, {
  donnees: { href: '/donnees.html', perm: PERM.planWrite, icon: 'fr-icon-upload-2-line', nav: 'data' },
});

// Training (issue 12): the institute's "Capacités de formation" and
// "Inscriptions et ruptures" tiles and the staff's "Formation" go to
// formation.html (capacities, sessions, apprenticeship, dropouts).
PERM.trainRead = 'train.read';
PERM.trainWrite = 'train.write';
PERM.trainApprentice = 'train.apprentice';
PERM.trainManage = 'train.manage';
Object.assign(SECTIONS, {
  capacities: { href: '/formation.html', perm: PERM.trainRead, icon: 'fr-icon-book-2-line' },
  enrolments: { href: '/formation.html#ruptures', perm: PERM.trainRead, icon: 'fr-icon-user-line' },
  training: { href: '/formation.html', perm: PERM.trainRead, icon: 'fr-icon-book-2-line' },
});

// Offers of emergency recruitment (issue 11, module offer): the public list
// of open offers, for everyone.
Object.assign(SECTIONS, {
  jobOffers: { href: '/offres.html', icon: 'fr-icon-briefcase-line' },
});

// Recruitment (issue 11): the employer's needs and the candidate's profile.
PERM.needManage = 'need.manage';
PERM.candidateSelf = 'candidate.self';
Object.assign(SECTIONS, {
  staffingNeeds: { href: '/besoins.html', perm: PERM.needManage, icon: 'fr-icon-user-add-line', nav: 'needs' },
  myProfile: { href: '/candidat.html', perm: PERM.candidateSelf, icon: 'fr-icon-account-line', nav: 'profile' },
});

export const ROLE_SECTIONS = {
  anonymous: ['publicDashboard', 'jobOffers', 'territoryOffers'],
  admin: ['users', 'organisations', 'audit', 'planSteering', 'indicators', 'myAccount'],
  staff: ['planSteering', 'validation', 'indicators', 'budgets', 'contributions', 'governance', 'organisations', 'myAccount'],
  pilot: ['myActions', 'measurements', 'dashboard', 'contributions', 'myOrganisation', 'myAccount'],
  partner: ['dashboard', 'contributions', 'measurements', 'myOrganisation', 'myAccount'],
  employer: ['staffingNeeds', 'candidates', 'trainees', 'aids', 'myAccount'],
  candidate: ['myProfile', 'jobOffers', 'applications', 'pathways', 'myAccount'],
  institute: ['capacities', 'enrolments', 'internshipSites', 'myAccount'],
  intern: ['evaluateSite', 'postChoice', 'allowances', 'myAccount'],
  local_authority: ['welcomeOffer', 'territoryOffers', 'myAccount'],
};
ROLE_SECTIONS.staff.unshift('campaigns');
ROLE_SECTIONS.admin.push('campaigns');
ROLE_SECTIONS.candidate.unshift('campaigns');
ROLE_SECTIONS.employer.push('campaigns');
ROLE_SECTIONS.institute.push('campaigns');
ROLE_SECTIONS.staff.push('training'); // training (issue 12)
ROLE_SECTIONS.admin.push('training');
ROLE_SECTIONS.staff.push('staffingNeeds'); // recruit (issue 11)

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

// geo: establishments and areas (issue 11). Staff manage both; employers see
// their organisation's establishments and manage their units.
PERM.estabRead = 'estab.read';
PERM.estabManage = 'estab.manage';
PERM.geoManage = 'geo.manage';
Object.assign(SECTIONS, {
  establishments: { href: '/etablissements.html', perm: PERM.estabManage, icon: 'fr-icon-hospital-line', nav: 'establishments' },
  myEstablishments: { href: '/etablissements.html', perm: PERM.estabRead, icon: 'fr-icon-hospital-line' },
  areas: { href: '/zones.html', perm: PERM.geoManage, icon: 'fr-icon-map-pin-2-line', nav: 'areas' },
});
ROLE_SECTIONS.staff.push('establishments', 'areas');
ROLE_SECTIONS.admin.push('establishments', 'areas');
ROLE_SECTIONS.employer.unshift('myEstablishments');
// ---- intern (issue 12): internship sites and the intern's evaluation grid ----
Object.assign(PERM, { internRead: 'intern.read', internResults: 'intern.results', internEvaluate: 'intern.evaluate',
  internManage: 'intern.manage', internAlerts: 'intern.alerts' });
Object.assign(SECTIONS, {
  internshipSites: { href: '/stages.html', perm: PERM.internRead, icon: 'fr-icon-building-line', nav: 'internships' },
  evaluateSite: { href: '/evaluation.html', perm: PERM.internEvaluate, icon: 'fr-icon-edit-line' },
});
ROLE_SECTIONS.staff.push('internshipSites');
ROLE_SECTIONS.admin.push('internshipSites');
ROLE_SECTIONS.partner.push('internshipSites');
// ---- end intern ----

// dash (issue 11): the recruitment dashboards, for plan staff and employers
// (tableau-recrutement.html); staff also link plan indicators to its measures.
PERM.dashRead = 'dash.read';
PERM.dashManage = 'dash.manage';
Object.assign(SECTIONS, {
  recruitDashboard: { href: '/tableau-recrutement.html', perm: PERM.dashRead, icon: 'fr-icon-line-chart-line' },
});
ROLE_SECTIONS.staff.push('recruitDashboard');
ROLE_SECTIONS.employer.splice(1, 0, 'recruitDashboard');
// end dash
// ---- cand (issue 11): the candidate's offers, after their profile ----
PERM.candidateData = 'candidate.data';
SECTIONS.myOffers = { href: '/mes-offres.html', perm: PERM.candidateSelf, icon: 'fr-icon-mail-line', nav: 'myOffers' };
ROLE_SECTIONS.candidate.splice(ROLE_SECTIONS.candidate.indexOf('myProfile') + 1, 0, 'myOffers');
// ---- end cand ----
// ---- season (issue 11): the seasonal campaigns for students (saisons.html),
// public; plan staff open and close them there ----
SECTIONS.seasonalCampaigns = { href: '/saisons.html', icon: 'fr-icon-sun-line' };
ROLE_SECTIONS.anonymous.splice(ROLE_SECTIONS.anonymous.indexOf('jobOffers') + 1, 0, 'seasonalCampaigns');
ROLE_SECTIONS.candidate.splice(ROLE_SECTIONS.candidate.indexOf('jobOffers') + 1, 0, 'seasonalCampaigns');
ROLE_SECTIONS.employer.splice(ROLE_SECTIONS.employer.indexOf('staffingNeeds') + 1, 0, 'seasonalCampaigns');
ROLE_SECTIONS.staff.splice(ROLE_SECTIONS.staff.indexOf('staffingNeeds') + 1, 0, 'seasonalCampaigns');
ROLE_SECTIONS.admin.push('seasonalCampaigns');
// ---- end season ----
// ---- needsui (issue 11): plan staff create pools and open or close the crisis
// pools (Renfort RH) on viviers.html ----
PERM.recruitManage = 'recruit.manage';
SECTIONS.pools = { href: '/viviers.html', perm: PERM.recruitManage, icon: 'fr-icon-group-line' };
ROLE_SECTIONS.staff.splice(ROLE_SECTIONS.staff.indexOf('staffingNeeds') + 1, 0, 'pools');
ROLE_SECTIONS.admin.push('pools');
// ---- end needsui ----
// ---- student (issue 11, session 12): a student signs up as an intern and
// also holds their own candidate profile (candidate.self): their home shows
// the profile, their offers and the seasonal campaigns after their internships ----
ROLE_SECTIONS.intern.splice(ROLE_SECTIONS.intern.indexOf('myAccount'), 0, 'myProfile', 'myOffers', 'seasonalCampaigns',
  'jobOffers');
// ---- end student ----
