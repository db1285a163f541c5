// 404 page (DSFR "page non trouvée" pattern).
import { T } from '../texts.js';
import { h } from '../dom.js';
import { boot } from '../layout.js';

boot({
  title: T.notFound.title,
  render(container) {
    container.append(h('div', { class: 'fr-grid-row fr-grid-row--center' },
      h('div', { class: 'fr-col-12 fr-col-md-8' },
        h('h1', {}, T.notFound.title),
        h('p', { class: 'fr-text--sm fr-mb-3w' }, T.notFound.code),
        h('p', { class: 'fr-text--lead fr-mb-3w' }, T.notFound.lead),
        h('p', { class: 'fr-text--sm fr-mb-5w' }, T.notFound.detail),
        h('ul', { class: 'fr-btns-group fr-btns-group--inline-md' },
          h('li', {}, h('a', { class: 'fr-btn', href: '/' }, T.notFound.home))))));
  },
});
