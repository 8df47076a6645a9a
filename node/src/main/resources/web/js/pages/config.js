// The Configuration page: the loaded YAML, lightly highlighted, with a copy button.

import { api } from '../api.js';
import { alertBox, h, loading, pageHeader } from '../dom.js';

export const title = 'Configuration';

const LINE = /^(\s*(?:-\s+)?)([^\s#:'"][^:#]*?)(:)(\s|$)(.*)$/;

function highlight(yaml) {
  const out = [];
  for (const line of yaml.replace(/\n+$/, '').split('\n')) {
    const hash = line.search(/(^|\s)#/);
    const code = hash >= 0 ? line.slice(0, hash) : line;
    const comment = hash >= 0 ? line.slice(hash) : '';
    const m = LINE.exec(code);
    if (m) out.push(m[1], h('span', { class: 'yaml-key', text: m[2] }), m[3] + m[4], h('span', { class: 'yaml-value', text: m[5] }));
    else out.push(code);
    if (comment) out.push(h('span', { class: 'yaml-comment', text: comment }));
    out.push('\n');
  }
  return out;
}

export async function mount(root) {
  const body = h('div', null, loading());
  const copy = h('button', { type: 'button', class: 'btn small', text: 'Copy to clipboard', disabled: true });
  root.append(pageHeader(title, copy), body);
  let yaml;
  try {
    yaml = (await api('status/config')).data.yaml;
  } catch (e) {
    body.replaceChildren(alertBox('error', 'Error fetching configuration:', e.message));
    return;
  }
  const pre = h('pre', { class: 'code config-yaml' }, highlight(yaml));
  copy.disabled = false;
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(yaml);
      copy.textContent = 'Copied';
    } catch (e) {
      // Without a secure context there is no clipboard API: select the text for Ctrl+C instead.
      window.getSelection().selectAllChildren(pre);
      copy.textContent = 'Selected: press Ctrl+C';
    }
    setTimeout(() => {
      copy.textContent = 'Copy to clipboard';
    }, 2000);
  });
  body.replaceChildren(pre);
}
