// Governance of a plan (gouvernance.html?plan=): its bodies (COPIL,
// technical committees per axis, territorial committees per département,
// follow-up committee, partners' conference) with their pilots and
// meetings (status, place, attendees, minutes), and the plan's decisions
// (owner, due date, status; overdue ones highlighted). Everyone who may read
// the plan sees it; plan.write holders (staff) also get the forms to add and
// edit bodies, meetings and decisions. The server checks everything again.
import { T } from '../texts.js';
import { h, fmt, replace, appendAll } from '../dom.js';
import { boot } from '../layout.js';
import { api } from '../api.js';
import { alert, badge, dataTable, inputField, selectField, button, noticeArea } from '../ui.js';
import { can, PERM } from '../sections.js';
import { planTitle, planChooser, territories, territoryName, date } from '../plan-ui.js';
import { textareaField, multiSelectField, allDecisions, governanceForm } from '../gov-ui.js';

const G = T.governance;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const opts = (map) => Object.entries(map).map(([value, label]) => ({ value, label }));
const overdue = (d) => d.overdue === true; // computed by the server (due date passed, still open or in progress)

function decisionBadge(status) {
  const kind = { open: 'info', in_progress: 'new', done: 'success', dropped: null };
  return badge(G.decisionStatuses[status] || status, kind[status] || null);
}
function meetingBadge(status) {
  return badge(G.meetingStatuses[status] || status, { planned: 'info', held: 'success', cancelled: 'warning' }[status] || null);
}
const fold = (summary, ...content) => h('details', { class: 'plam-explain fr-mb-2w' }, h('summary', {}, summary), h('div', { class: 'plam-explain__body' }, content));
const col = (...nodes) => h('div', { class: 'fr-col-12 fr-col-md-6' }, nodes);
const grid = (...cols) => h('div', { class: 'fr-grid-row fr-grid-row--gutters' }, cols);

boot({
  current: 'plans',
  title: G.title,
  async render(container, { session }) {
    const planId = new URLSearchParams(location.search).get('plan');
    container.append(h('h1', {}, G.title));
    if (!planId) { await planChooser(container, '/gouvernance.html', G.missingPlan); return; }
    const pid = encodeURIComponent(planId);
    const editable = can(session, PERM.planWrite);
    const notices = noticeArea();
    const root = h('div', { id: 'gouvernance' });
    const lead = h('p', { class: 'fr-text--lead' });
    appendAll(container, lead, h('p', {}, G.intro), editable ? null : h('p', { class: 'fr-text--sm' }, G.readOnly), notices.el, root);
    const [terr, orgs] = await Promise.all([
      territories(),
      editable ? api.get('/api/organisations', { limit: 500 }).then((r) => r.data, () => []) : [],
    ]);
    const orgOptions = orgs.map((o) => ({ value: String(o.id), label: o.name }));

    async function draw() {
      const [{ data: plan }, { data: gov }] = await Promise.all([
        api.get(`/api/plans/${pid}`, null, { redirectOn401: false }),
        api.get(`/api/plans/${pid}/governance`, null, { redirectOn401: false }),
      ]);
      replace(lead, h('a', { href: `/plan.html?id=${pid}` }, planTitle(plan)));
      const axes = plan.axes || [];
      const axisName = (id) => { const a = axes.find((x) => x.id === id); return a ? fmt(G.axisN, { number: a.number, title: a.title }) : null; };
      const depOptions = [...terr.values()].filter((t) => t.level === 'departement' && (!plan.region_id || t.parent === plan.region_id))
        .map((t) => ({ value: t.id, label: territoryName(terr, t.id) }));
      const meetings = (gov.bodies || []).flatMap((b) => (b.meetings || []).map((m) => ({ ...m, body: b })));
      const meetingOptions = meetings.map((m) => ({ value: String(m.id), label: `${m.body.name} — ${date(m.held_on, true)} — ${m.title}` }));
      const decisions = allDecisions(gov);
      const out = [];

      // --- bodies and their meetings -------------------------------------------------
      out.push(h('h2', { id: 'titre-instances' }, G.bodiesTitle));
      if (!(gov.bodies || []).length) out.push(h('p', {}, G.noBodies));
      for (const b of gov.bodies || []) {
        const facts = [
          [G.bodyFacts.kind, G.kinds[b.kind] || b.kind],
          [G.bodyFacts.axis, b.axis_id ? axisName(b.axis_id) : null],
          [G.bodyFacts.territory, b.territory_id ? territoryName(terr, b.territory_id) : null],
          [G.bodyFacts.frequency, b.frequency],
          [G.bodyFacts.pilots, (b.pilots || []).map((p) => p.org_name).join(', ') || null],
          [T.known.established, b.established ? date(b.established) : null],
          [T.known.note, b.note],
        ].filter(([, v]) => v);
        const section = h('section', { class: 'fr-mb-6w', 'aria-labelledby': `titre-instance-${b.id}`, 'data-plam-body': String(b.id) },
          h('h3', { id: `titre-instance-${b.id}`, class: 'fr-h4' }, b.name, b.planned ? [' ', badge(G.planned, 'info')] : null),
          h('dl', { class: 'plam-dl' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
        const ms = b.meetings || [];
        section.append(ms.length ? dataTable({ id: `tableau-reunions-${b.id}`, caption: fmt(G.meetingsCaption, { name: b.name }), columns: [
          { label: G.colDate }, { label: G.colMeeting, wrap: true }, { label: G.colPlace }, { label: G.colStatus }, { label: G.colAttendees, wrap: true }, { label: G.colMinutes, wrap: true }],
        rows: ms.map((m) => [date(m.held_on, true), m.title, m.place || T.common.none, meetingBadge(m.status),
          [(m.attendees || []).map((a) => (a.person ? `${a.org_name} (${a.person})` : a.org_name)).join(', ') || null, m.attendees_text ? [h('br'), fmt(T.known.asWritten, { text: m.attendees_text })] : null],
          m.minutes ? fold(G.minutesShow, m.minutes) : T.common.none]) }) : h('p', {}, G.noMeetings));
        if (editable) {
          appendAll(section,
            fold(fmt(G.editBody, { name: b.name }), bodyForm(b)),
            fold(fmt(G.newMeeting, { name: b.name }), meetingForm(b, null)),
            ms.map((m) => fold(`${fmt(G.editMeeting, { date: date(m.held_on, true) })} — ${m.title}`, meetingForm(b, m))));
        }
        out.push(section);
      }
      if (editable) out.push(fold(G.newBody, bodyForm(null)));

      // --- decisions ---------------------------------------------------------------
      const late = decisions.filter(overdue);
      out.push(h('h2', { id: 'titre-decisions', class: 'fr-mt-6w' }, G.decisionsTitle),
        late.length ? alert('warning', fmt(G.overdueCount, { count: late.length })) : null);
      const meetingOf = new Map(meetings.map((m) => [m.id, m]));
      out.push(decisions.length ? dataTable({ id: 'tableau-decisions', caption: G.decisionsCaption, columns: [
        { label: G.colDecision, wrap: true }, { label: G.colMeeting, wrap: true }, { label: G.colOwner, wrap: true }, { label: G.colDue }, { label: G.colStatus }],
      rows: decisions.map((d) => {
        const m = meetingOf.get(d.meeting_id);
        return [[h('span', { class: 'fr-text--xs' }, fmt(G.decisionN, { id: d.id })), h('br'), d.text],
          m ? `${m.body.name} — ${date(m.held_on, true)}` : G.noMeeting,
          [d.owner_name, d.owner_name && d.owner_person ? ' — ' : null, d.owner_person].filter(Boolean).join('') || T.common.none,
          [date(d.due_on, true), overdue(d) ? [h('br'), badge(G.overdue, 'error')] : null],
          decisionBadge(d.status)];
      }) }) : h('p', {}, G.noDecisions));
      if (editable) {
        out.push(fold(G.newDecision, decisionForm(null)));
        for (const d of decisions) out.push(fold(fmt(G.editDecision, { id: d.id }), decisionForm(d)));
      }
      replace(root, out);

      // --- forms -----------------------------------------------------------------
      function bodyForm(b) {
        const key = b ? b.id : 'nouvelle';
        const f = {
          kind: selectField({ id: `instance-${key}-type`, label: G.fKind, required: true, options: opts(G.kinds), value: b ? b.kind : '' }),
          name: inputField({ id: `instance-${key}-nom`, label: G.fName, required: true, value: b ? b.name : '' }),
          axis_id: selectField({ id: `instance-${key}-axe`, label: G.fAxis, options: axes.map((a) => ({ value: String(a.id), label: fmt(G.axisN, { number: a.number, title: a.title }) })), placeholder: T.common.chooseNone, value: b && b.axis_id ? b.axis_id : '' }),
          territory_id: selectField({ id: `instance-${key}-territoire`, label: G.fTerritory, options: depOptions, placeholder: T.common.chooseNone, value: b ? b.territory_id || '' : '' }),
          frequency: inputField({ id: `instance-${key}-rythme`, label: G.fFrequency, hint: G.fFrequencyHint, value: b ? b.frequency || '' : '' }),
          meetings_per_year: inputField({ id: `instance-${key}-par-an`, label: G.fPerYear, type: 'number', value: b && b.meetings_per_year !== null ? b.meetings_per_year : '', attrs: { min: '0', max: '366', inputmode: 'numeric' } }),
          pilots: multiSelectField({ id: `instance-${key}-pilotes`, label: G.fPilots, hint: G.fPilotsHint, options: orgOptions, values: b ? (b.pilots || []).map((p) => p.org_id) : [] }),
        };
        const formNotices = noticeArea();
        return governanceForm({
          id: `form-instance-${key}`, fields: f, notices: formNotices, submitLabel: b ? G.save : G.create, success: b ? G.saved : G.created,
          body: [formNotices.el, grid(col(f.kind.group), col(f.name.group), col(f.axis_id.group), col(f.territory_id.group), col(f.frequency.group), col(f.meetings_per_year.group)), f.pilots.group],
          onSubmit(fail) {
            const body = { kind: f.kind.select.value, name: f.name.input.value.trim(), axis_id: Number(f.axis_id.select.value) || null,
              territory_id: f.territory_id.select.value || null, frequency: f.frequency.input.value.trim() || null, pilots: f.pilots.values() };
            const n = f.meetings_per_year.input.value.trim();
            body.meetings_per_year = n === '' ? null : Number(n);
            if (!body.kind) fail('kind', G.errRequired);
            if (!body.name) fail('name', G.errRequired);
            if (n !== '' && !Number.isInteger(body.meetings_per_year)) fail('meetings_per_year', G.errNumber);
            return () => (b ? api.patch(`/api/gov-bodies/${b.id}`, body) : api.post(`/api/plans/${pid}/gov-bodies`, body));
          },
          done: () => redraw(notices, b ? G.saved : G.created),
        });
      }

      function meetingForm(b, m) {
        const key = m ? m.id : `nouvelle-${b.id}`;
        const f = {
          held_on: inputField({ id: `reunion-${key}-date`, label: G.fDate, type: 'date', required: true, value: m ? m.held_on : '' }),
          title: inputField({ id: `reunion-${key}-titre`, label: G.fTitle, required: true, value: m ? m.title : '' }),
          place: inputField({ id: `reunion-${key}-lieu`, label: G.fPlace, value: m ? m.place || '' : '' }),
          status: selectField({ id: `reunion-${key}-etat`, label: G.fStatus, options: opts(G.meetingStatuses), placeholder: null, value: m ? m.status : 'planned' }),
          minutes: textareaField({ id: `reunion-${key}-compte-rendu`, label: G.fMinutes, value: m ? m.minutes || '' : '', rows: 6 }),
          attendees_text: textareaField({ id: `reunion-${key}-autres`, label: G.fAttendeesText, value: m ? m.attendees_text || '' : '', rows: 2 }),
        };
        // attendees: one organisation and an optional person per row
        const rows = [];
        const list = h('ul', { class: 'fr-raw-list', id: `reunion-${key}-participants` });
        const addRow = (a) => {
          const n = rows.length + 1;
          const org = selectField({ id: `reunion-${key}-participant-${n}-org`, label: fmt(G.fAttendeeOrg, { n }), options: orgOptions, value: a ? a.org_id : '' });
          const person = inputField({ id: `reunion-${key}-participant-${n}-personne`, label: fmt(G.fAttendeePerson, { n }), value: a ? a.person || '' : '' });
          const item = h('li', { class: 'fr-mb-2w' }, grid(col(org.group), col(person.group)));
          const row = { org, person, item };
          item.append(button(fmt(G.removeAttendee, { n }), { kind: 'tertiary', small: true, attrs: { onclick: () => { rows.splice(rows.indexOf(row), 1); item.remove(); } } }));
          rows.push(row);
          list.append(item);
          return org;
        };
        for (const a of (m && m.attendees) || []) addRow(a);
        const add = button(G.addAttendee, { kind: 'secondary', small: true, icon: 'fr-icon-add-line', attrs: { onclick: () => addRow(null).select.focus() } });
        f.attendees = { setError: (msg) => (rows[0] ? rows[0].org.setError(msg) : null), get select() { return rows[0] ? rows[0].org.select : add; } };
        const formNotices = noticeArea();
        return governanceForm({
          id: `form-reunion-${key}`, fields: f, notices: formNotices, submitLabel: m ? G.save : G.create, success: m ? G.saved : G.created,
          body: [formNotices.el, grid(col(f.held_on.group), col(f.status.group), col(f.title.group), col(f.place.group)),
            h('fieldset', { class: 'fr-fieldset' }, h('legend', { class: 'fr-fieldset__legend' }, G.fAttendees), h('div', { class: 'fr-fieldset__content' }, list, add)),
            f.attendees_text.group, f.minutes.group],
          onSubmit(fail) {
            const body = { held_on: f.held_on.input.value, title: f.title.input.value.trim(), place: f.place.input.value.trim() || null,
              status: f.status.select.value, minutes: f.minutes.input.value.trim() || null, attendees_text: f.attendees_text.input.value.trim() || null,
              attendees: rows.filter((r) => r.org.select.value).map((r) => ({ org_id: Number(r.org.select.value), person: r.person.input.value.trim() || null })) };
            if (!DATE_RE.test(body.held_on)) fail('held_on', G.errDate);
            if (!body.title) fail('title', G.errRequired);
            return () => (m ? api.patch(`/api/gov-meetings/${m.id}`, body) : api.post(`/api/gov-bodies/${b.id}/meetings`, body));
          },
          done: () => redraw(notices, m ? G.saved : G.created),
        });
      }

      function decisionForm(d) {
        const key = d ? d.id : 'nouvelle';
        const statuses = d ? [d.status, ...(G.transitions[d.status] || [])] : ['open', 'in_progress', 'done', 'dropped'];
        const f = {
          text: textareaField({ id: `decision-${key}-texte`, label: G.fText, required: true, value: d ? d.text : '', rows: 3 }),
          meeting_id: selectField({ id: `decision-${key}-reunion`, label: G.fMeeting, options: meetingOptions, placeholder: G.noMeeting, value: d && d.meeting_id ? d.meeting_id : '' }),
          owner_org_id: selectField({ id: `decision-${key}-porteur`, label: G.fOwnerOrg, options: orgOptions, placeholder: T.common.chooseNone, value: d && d.owner_org_id ? d.owner_org_id : '' }),
          owner_person: inputField({ id: `decision-${key}-personne`, label: G.fOwnerPerson, value: d ? d.owner_person || '' : '' }),
          due_on: inputField({ id: `decision-${key}-echeance`, label: G.fDue, type: 'date', value: d ? d.due_on || '' : '' }),
          status: selectField({ id: `decision-${key}-etat`, label: G.fStatus, placeholder: null, options: statuses.map((s) => ({ value: s, label: G.decisionStatuses[s] })), value: d ? d.status : 'open' }),
        };
        const formNotices = noticeArea();
        return governanceForm({
          id: `form-decision-${key}`, fields: f, notices: formNotices, submitLabel: d ? G.save : G.create, success: d ? G.saved : G.created,
          body: [formNotices.el, f.text.group, grid(col(f.meeting_id.group), col(f.status.group), col(f.owner_org_id.group), col(f.owner_person.group), col(f.due_on.group))],
          onSubmit(fail) {
            const body = { text: f.text.input.value.trim(), meeting_id: Number(f.meeting_id.select.value) || null, owner_org_id: Number(f.owner_org_id.select.value) || null,
              owner_person: f.owner_person.input.value.trim() || null, due_on: f.due_on.input.value || null, status: f.status.select.value };
            if (!body.text) fail('text', G.errRequired);
            if (body.due_on && !DATE_RE.test(body.due_on)) fail('due_on', G.errDate);
            return () => (d ? api.patch(`/api/decisions/${d.id}`, body) : api.post(`/api/plans/${pid}/decisions`, body));
          },
          done: () => redraw(notices, d ? G.saved : G.created),
        });
      }
    }

    // After a write: redraw from the server, then announce on the page-level
    // notice and move focus there (the form that was used is gone).
    async function redraw(area, message) {
      await draw();
      area.show(alert('success', message), { focus: true });
    }
    await draw();
  },
});
