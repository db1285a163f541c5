/* Column positions of the structure tables (plan_struct_schema.c lists them
 * in this order), shared by the export and the import. Private to
 * app/plan_struct*.c. */
#ifndef PLAM_APP_PLAN_PLAN_STRUCT_INT_H
#define PLAM_APP_PLAN_PLAN_STRUCT_INT_H
#include "app/plan/plan_struct.h"

enum {
  P_SLUG,
  P_REGION,
  P_TITLE,
  P_SHORT,
  P_LONG,
  P_SUMMARY,
  P_AXIS_LABEL,
  P_START,
  P_END,
  P_PERIOD_SRC,
  P_LAUNCHED,
  P_OWNER,
  P_TERRS,
  P_EMAIL,
  P_CONTRIB_SRC,
  P_SOURCE,
  P__N
};
enum { O_NAME, O_KIND, O_TERR, O__N };
enum { A_NUMBER, A_TITLE, A_DESC, A_KIND, A_WEIGHT, A_NOTE, A_SOURCE, A__N };
enum {
  C_AXIS,
  C_NUMBER,
  C_NIS,
  C_TITLE,
  C_OBJ,
  C_DESC,
  C_SUPPORT,
  C_REFS,
  C_STATUS,
  C_STATUS_KNOWN,
  C_WEIGHT,
  C_NOTE,
  C_SOURCE,
  C__N
};
enum { R_AXIS, R_ACTION, R_ORG, R_ROLE, R_PERSON, R_SOURCE, R__N };
enum { M_ACTION, M_TITLE, M_DUE, M_DONE, M_SOURCE, M__N };
enum {
  I_ACTION,
  I_CODE,
  I_NAME,
  I_DEF,
  I_UNIT,
  I_KIND,
  I_DIR,
  I_ACC,
  I_AGG,
  I_SCALE,
  I_FREQ,
  I_SCOPE,
  I_BREAK,
  I_TERRS,
  I_WEIGHT,
  I_NOTE,
  I_SOURCE,
  I__N
};
enum { T_IND, T_TERR, T_KIND, T_DUE, T_VALUE, T_HIGH, T_QUAL, T_NOTE, T_SOURCE, T__N };
enum {
  F_AXIS,
  F_ACTION,
  F_CODE,
  F_LABEL,
  F_VALUE,
  F_HIGH,
  F_UNIT,
  F_ON,
  F_FROM,
  F_TO,
  F_TERR,
  F_QUAL,
  F_NOTE,
  F_SOURCE,
  F__N
};
enum { X_AXIS, X_ACTION, X_KIND, X_TEXT, X_ORG, X_YEAR, X_DATE, X_SOURCE, X__N };

#endif
