// A new e-mail verification link (verification.html, cand): POST
// /api/registrations/resend with the address of an account created on the
// public site that was never verified (the first link was lost or has
// expired); email-request.js. The login page links here when it answers
// "address not verified yet"; ?adresse= fills the field.
import { T } from '../texts.js';
import { h } from '../dom.js';
import { emailRequestPage } from '../email-request.js';

emailRequestPage({
  title: T.cand.resendTitle,
  intro: T.cand.resendIntro,
  submitLabel: T.cand.resendSubmit,
  nextText: T.cand.resendNext,
  formId: 'formulaire-verification',
  route: '/api/registrations/resend',
  footer: [h('a', { class: 'fr-link', href: '/connexion.html' }, T.cand.backToLogin)],
  prefill: new URLSearchParams(location.search).get('adresse'),
});
