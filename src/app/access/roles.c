/* The role and permission tables: see roles.h. */
#include "app/access/roles.h"
#include <string.h>

#define R(x) (1u << (x))
#define LOGGED_IN \
  (R(ROLE_ADMIN) | R(ROLE_STAFF) | R(ROLE_PILOT) | R(ROLE_PARTNER) | R(ROLE_EMPLOYER) | R(ROLE_CANDIDATE) | \
   R(ROLE_INSTITUTE) | R(ROLE_INTERN) | R(ROLE_LOCAL_AUTHORITY))
#define EVERYONE (LOGGED_IN | R(ROLE_PUBLIC))
/* Roles that act for an organisation and may keep its record up to date. */
#define ORG_MEMBERS (R(ROLE_PILOT) | R(ROLE_PARTNER) | R(ROLE_EMPLOYER) | R(ROLE_INSTITUTE) | R(ROLE_LOCAL_AUTHORITY))
/* student (issue 11): accounts that may hold their own candidate record. A
 * student signs up as an intern (internships, evaluations) and applies to
 * seasonal campaigns and offers as a candidate: the intern role gets the
 * candidate's *own* permissions (its record, its offers, its data), never
 * one over other candidates (candidates are read by staff only). */
#define SELF_CANDIDATES (R(ROLE_CANDIDATE) | R(ROLE_INTERN))

const struct role_info roles_table[ROLE__COUNT] = {
  {ROLE_PUBLIC, "public", "Public"},
  {ROLE_ADMIN, "admin", "Administrateur"},
  {ROLE_STAFF, "staff", "Équipe du plan"},
  {ROLE_PILOT, "pilot", "Pilote d'action"},
  {ROLE_PARTNER, "partner", "Partenaire"},
  {ROLE_EMPLOYER, "employer", "Employeur"},
  {ROLE_CANDIDATE, "candidate", "Candidat"},
  {ROLE_INSTITUTE, "institute", "Institut de formation"},
  {ROLE_INTERN, "intern", "Interne / étudiant"},
  {ROLE_LOCAL_AUTHORITY, "local_authority", "Collectivité territoriale"},
};

const struct perm_info perms_table[] = {
  {"public.read", EVERYONE, "consulter les informations publiques", 0},
  {"me.read", LOGGED_IN, "consulter son propre compte", 0},
  {"me.write", LOGGED_IN, "modifier son mot de passe, se déconnecter", 0},
  {"org.read", LOGGED_IN, "consulter l'annuaire des organisations", 0},
  {"org.write", R(ROLE_ADMIN) | R(ROLE_STAFF), "créer et modifier toute organisation", 0},
  {"org.write_own", R(ROLE_ADMIN) | R(ROLE_STAFF) | ORG_MEMBERS, "modifier la fiche de sa propre organisation", 0},
  {"user.read", R(ROLE_ADMIN), "consulter les comptes", 0},
  {"user.write", R(ROLE_ADMIN), "créer, modifier et désactiver des comptes", 0},
  {"audit.read", R(ROLE_ADMIN), "consulter le journal d'audit", 0},
  {"plan.read", EVERYONE, "consulter les plans (publiés seulement pour le public)", 0},
  {"plan.write", R(ROLE_ADMIN) | R(ROLE_STAFF), "gérer les plans : statut, budget, gouvernance, réponses", 0},
  {"action.update", R(ROLE_ADMIN) | R(ROLE_STAFF) | R(ROLE_PILOT),
   "mettre à jour une action et sa météo (pilote : ses actions)", 0},
  {"measurement.propose", R(ROLE_ADMIN) | R(ROLE_STAFF) | R(ROLE_PILOT),
   "proposer une valeur d'indicateur (pilote : ses actions)", 0},
  {"measurement.review", R(ROLE_ADMIN) | R(ROLE_STAFF), "valider ou rejeter les valeurs proposées", 0},
  {"contribution.read", LOGGED_IN, "lire les contributions aux plans", 0},
  {"contribution.write", R(ROLE_ADMIN) | R(ROLE_STAFF) | R(ROLE_PILOT) | R(ROLE_PARTNER) | ORG_MEMBERS,
   "envoyer une contribution sur un plan", 0},
  {"campaign.read",
   R(ROLE_ADMIN) | R(ROLE_STAFF) | R(ROLE_INTERN) | R(ROLE_CANDIDATE) | R(ROLE_EMPLOYER) | R(ROLE_INSTITUTE),
   "consulter les campagnes d'affectation qui vous concernent", 0},
  {"campaign.manage", R(ROLE_ADMIN) | R(ROLE_STAFF),
   "gérer les campagnes d'affectation : postes, candidats, simulations, tour définitif", 0},
  {"campaign.wish", R(ROLE_INTERN) | R(ROLE_CANDIDATE), "ordonner ses propres vœux et voir son propre résultat", 1},
  {"campaign.rank", R(ROLE_EMPLOYER) | R(ROLE_INSTITUTE), "classer les candidats aux postes de son organisation", 1},
  /* offer (issue 11) */
  {"offer.manage", R(ROLE_ADMIN) | R(ROLE_STAFF) | R(ROLE_EMPLOYER),
   "suivre les offres d'un besoin, choisir parmi les candidats qui ont accepté, annuler, signaler une absence "
   "(employeur : besoins de son établissement)",
   0},
  /* mail */
  {"mail.manage", R(ROLE_ADMIN), "suivre les courriels et SMS envoyés et envoyer un message d'essai", 0},
  /* geo: communes, areas, establishments (issue 11) */
  {"geo.read", LOGGED_IN, "consulter les communes et les zones", 0},
  {"geo.manage", R(ROLE_ADMIN) | R(ROLE_STAFF), "créer, modifier, importer et supprimer les zones", 0},
  {"estab.read", R(ROLE_ADMIN) | R(ROLE_STAFF) | R(ROLE_EMPLOYER),
   "consulter les établissements (l'employeur : ceux de son organisation)", 0},
  {"estab.manage", R(ROLE_ADMIN) | R(ROLE_STAFF),
   "créer, modifier, importer (FINESS) et supprimer les établissements, rattacher une organisation", 0},
  {"estab.units", R(ROLE_ADMIN) | R(ROLE_STAFF) | R(ROLE_EMPLOYER),
   "gérer les unités des établissements (l'employeur : ceux de son organisation)", 0},
  /* ---- training (issue 12) ---- */
  {"train.read", R(ROLE_ADMIN) | R(ROLE_STAFF) | R(ROLE_INSTITUTE),
   "consulter les capacités de formation, sessions, ruptures et actions de prévention (institut : les siennes)", 0},
  {"train.write", R(ROLE_ADMIN) | R(ROLE_STAFF) | R(ROLE_INSTITUTE),
   "saisir capacités, sessions, ruptures et actions de prévention (institut : pour ses instituts)", 0},
  {"train.apprentice", R(ROLE_ADMIN) | R(ROLE_STAFF) | R(ROLE_INSTITUTE),
   "consulter et suivre les contrats d'apprentissage, noms des apprentis compris (institut : les siens)", 0},
  {"train.manage", R(ROLE_ADMIN) | R(ROLE_STAFF),
   "gérer les instituts, les objectifs de places et les indicateurs du plan alimentés par la formation", 0},
  /* ---- intern (issue 12: internship sites, evaluations, alerts, reviews) ---- */
  {"intern.read",
   R(ROLE_ADMIN) | R(ROLE_STAFF) | R(ROLE_PARTNER) | R(ROLE_EMPLOYER) | R(ROLE_INSTITUTE) | R(ROLE_INTERN),
   "consulter les terrains de stage agréés et les offres de stage IPA", 0},
  {"intern.results", R(ROLE_ADMIN) | R(ROLE_STAFF) | R(ROLE_PARTNER) | R(ROLE_INSTITUTE),
   "consulter les résultats agrégés des évaluations (au moins 5 répondants), les revues annuelles et les résultats "
   "partagés des programmes",
   0},
  {"intern.evaluate", R(ROLE_INTERN), "évaluer ses propres stages", 1},
  {"intern.manage", R(ROLE_ADMIN) | R(ROLE_STAFF),
   "gérer les terrains de stage : agréments, affectations, import OPPI, modération, revues annuelles", 0},
  {"intern.alerts", R(ROLE_ADMIN) | R(ROLE_STAFF),
   "recevoir et traiter les alertes des terrains de stage (dont les signalements de harcèlement)", 0},
  /* ---- end intern ---- */
  /* recruit (issue 11) */
  {"recruit.read", R(ROLE_ADMIN) | R(ROLE_STAFF) | R(ROLE_EMPLOYER) | SELF_CANDIDATES,
   "consulter la liste des viviers de candidats (nom, niveau, nombre de membres ; jamais les membres)", 0},
  {"recruit.manage", R(ROLE_ADMIN) | R(ROLE_STAFF),
   "créer les viviers, ouvrir et fermer les viviers de crise et les campagnes saisonnières", 0},
  {"candidate.profile", R(ROLE_ADMIN) | R(ROLE_STAFF) | SELF_CANDIDATES,
   "gérer les fiches candidat (candidat, étudiant : la sienne seulement)", 0},
  {"candidate.self", SELF_CANDIDATES,
   "consulter sa propre fiche candidat, postuler aux campagnes saisonnières, répondre à ses offres", 1},
  {"need.manage", R(ROLE_ADMIN) | R(ROLE_STAFF) | R(ROLE_EMPLOYER),
   "publier les besoins de recrutement de son organisation et voir leur classement", 0},
  /* end recruit */
  /* dash (issue 11): recruitment dashboards */
  {"dash.read", R(ROLE_ADMIN) | R(ROLE_STAFF) | R(ROLE_EMPLOYER),
   "consulter les tableaux de bord du recrutement (employeur : ses établissements)", 0},
  {"dash.manage", R(ROLE_ADMIN) | R(ROLE_STAFF),
   "relier des indicateurs du plan aux mesures du recrutement et les recalculer", 0},
  /* end dash */
  /* cand (issue 11): the candidate's own data */
  {"candidate.data", SELF_CANDIDATES, "exporter et effacer ses propres données personnelles", 1},
  {"qualification.verify", R(ROLE_ADMIN) | R(ROLE_STAFF) | R(ROLE_EMPLOYER),
   "vérifier les qualifications d'un candidat (employeur : d'un candidat qui a accepté une offre de son "
   "organisation)",
   0},
  /* end cand */
};
const int perms_count = (int)(sizeof perms_table / sizeof perms_table[0]);

int role_parse(const char *code) {
  for (int i = 1; i < ROLE__COUNT; i++)
    if (!strcmp(roles_table[i].code, code)) return i;
  return -1;
}

const char *role_code(enum role r) { return (unsigned)r < ROLE__COUNT ? roles_table[r].code : "public"; }
const char *role_label(enum role r) { return (unsigned)r < ROLE__COUNT ? roles_table[r].label : "Public"; }

int roles_allows(enum role r, const char *perm) {
  if ((unsigned)r >= ROLE__COUNT || !perm) return 0;
  for (int i = 0; i < perms_count; i++)
    if (!strcmp(perms_table[i].name, perm)) return (perms_table[i].roles & R(r)) != 0;
  return 0;
}

int perm_exists(const char *perm) {
  for (int i = 0; i < perms_count; i++)
    if (!strcmp(perms_table[i].name, perm)) return 1;
  return 0;
}
