// Forgotten password (mot-de-passe-oublie.html): POST /api/password-resets
// with an e-mail address (email-request.js).
import { T } from '../texts.js';
import { h } from '../dom.js';
import { emailRequestPage } from '../email-request.js';

emailRequestPage({
  title: T.forgot.title,
  intro: T.forgot.intro,
  submitLabel: T.forgot.submit,
  nextText: T.forgot.sentNext,
  formId: 'formulaire-oubli',
  route: '/api/password-resets',
  footer: [T.forgot.noAccount, ' ', h('a', { class: 'fr-link', href: '/inscription.html' }, T.forgot.signup)],
});
