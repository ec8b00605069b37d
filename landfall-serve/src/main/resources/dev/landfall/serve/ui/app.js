// The pages to try a model: they call the server's own REST API (KServe V2) and nothing else.
'use strict';

function headers(json) {
  const h = json ? { 'Content-Type': 'application/json' } : {};
  const key = document.getElementById('key').value || sessionStorage.getItem('landfall-key') || '';
  if (key) { h['Authorization'] = 'Bearer ' + key; sessionStorage.setItem('landfall-key', key); }
  return h;
}

async function call(method, path, body) {
  const r = await fetch(path, { method, headers: headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body) });
  const j = await r.json();
  if (!r.ok) { throw new Error(j.error || ('HTTP ' + r.status)); }
  return j;
}

function showError(e) { document.getElementById('error').textContent = e.message || String(e); }

function text(tag, s) { const e = document.createElement(tag); e.textContent = s; return e; }

async function listModels() {
  document.getElementById('key').value = sessionStorage.getItem('landfall-key') || '';
  document.getElementById('key').addEventListener('change', listModels);
  try {
    const index = await call('POST', '/v2/repository/index', {});
    const body = document.querySelector('#models tbody');
    body.innerHTML = '';
    for (const m of index) {
      const tr = document.createElement('tr');
      const a = document.createElement('a');
      a.href = '/ui/model.html?name=' + encodeURIComponent(m.name) + '&version=' + encodeURIComponent(m.version);
      a.textContent = m.name;
      const td = document.createElement('td'); td.appendChild(a); tr.appendChild(td);
      tr.appendChild(text('td', m.version));
      tr.appendChild(text('td', m.state + (m.reason ? ': ' + m.reason : '')));
      body.appendChild(tr);
    }
    document.getElementById('error').textContent = '';
  } catch (e) { showError(e); }
}

async function modelPage() {
  document.getElementById('key').value = sessionStorage.getItem('landfall-key') || '';
  const q = new URLSearchParams(location.search);
  const name = q.get('name');
  const base = '/v2/models/' + encodeURIComponent(name) + (q.get('version') ? '/versions/' + encodeURIComponent(q.get('version')) : '');
  document.getElementById('title').textContent = name;
  let meta;
  try { meta = await call('GET', base); } catch (e) { showError(e); return; }
  const sig = meta.inputs.map(i => i.name + ' ' + i.datatype + ' [' + i.shape.join(', ') + ']').join('; ');
  document.getElementById('signature').textContent = 'Version ' + meta.versions[0] + ' · inputs: ' + sig
      + (meta.labels ? ' · labels: ' + meta.labels.join(', ') : '');
  const fields = document.getElementById('fields');
  if (meta.input_kind === 'table') {
    // many columns sit in a grid; a text column gets the whole row
    fields.className = 'grid';
    for (const c of meta.raw_inputs) {
      const cell = document.createElement('div'); cell.className = c.type === 'text' ? 'cell wide' : 'cell';
      cell.appendChild(text('label', c.name + ' (' + c.type + ')')).htmlFor = 'f-' + c.name;
      const f = document.createElement(c.type === 'text' ? 'textarea' : 'input');
      f.id = 'f-' + c.name; f.dataset.column = c.name;
      cell.appendChild(f);
      fields.appendChild(cell);
    }
  } else if (meta.input_kind === 'images') {
    fields.appendChild(text('label', 'Image (' + meta.inputs[0].shape.slice(1, 3).join(' x ') + ' pixels)')).htmlFor = 'image';
    const f = document.createElement('input'); f.type = 'file'; f.id = 'image'; f.accept = 'image/*';
    fields.appendChild(f);
  } else {
    fields.appendChild(text('label', 'Numbers, comma-separated (' + meta.inputs[0].shape.slice(1).join(' x ') + ')')).htmlFor = 'numbers';
    const f = document.createElement('textarea'); f.id = 'numbers'; fields.appendChild(f);
  }
  document.getElementById('form').addEventListener('submit', async ev => {
    ev.preventDefault();
    document.getElementById('error').textContent = '';
    try { show(await call('POST', base + '/infer', await request(meta)), meta); } catch (e) { showError(e); }
  });
}

function base64(buffer) {
  let s = '';
  const b = new Uint8Array(buffer);
  for (let i = 0; i < b.length; i++) { s += String.fromCharCode(b[i]); }
  return btoa(s);
}

async function request(meta) {
  if (meta.input_kind === 'table') {
    return { inputs: meta.raw_inputs.map(c => {
      const v = document.getElementById('f-' + c.name).value;
      return { name: c.name, datatype: 'BYTES', shape: [1], data: [v] };
    }) };
  }
  if (meta.input_kind === 'images') {
    const file = document.getElementById('image').files[0];
    if (!file) { throw new Error('choose an image first'); }
    return { inputs: [{ name: 'image', datatype: 'BYTES', shape: [1], data: [{ b64: base64(await file.arrayBuffer()) }] }] };
  }
  const nums = document.getElementById('numbers').value.split(/[\s,]+/).filter(s => s.length).map(Number);
  return { inputs: [{ name: meta.inputs[0].name, datatype: 'FP32', shape: [1, nums.length], data: nums }] };
}

function show(resp, meta) {
  const out = Object.fromEntries(resp.outputs.map(o => [o.name, o]));
  const label = document.getElementById('label');
  const bars = document.getElementById('bars');
  bars.innerHTML = '';
  if (out.label) {
    label.textContent = out.label.data[0];
    const probs = out.probabilities.data;
    meta.labels.forEach((name, i) => {
      const row = document.createElement('div'); row.className = 'barrow';
      row.appendChild(text('span', name));
      const track = document.createElement('div'); track.className = 'track';
      const bar = document.createElement('div'); bar.className = 'bar'; bar.style.width = (probs[i] * 100) + '%';
      track.appendChild(bar); row.appendChild(track);
      row.appendChild(text('span', (probs[i] * 100).toFixed(1) + ' %'));
      bars.appendChild(row);
    });
  } else {
    label.textContent = resp.outputs.map(o => o.name + ': ' + o.data.join(', ')).join('; ');
  }
}
