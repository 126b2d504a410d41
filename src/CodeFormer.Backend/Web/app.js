'use strict';
// The try-it page: plain JavaScript over the public API (POST /api/restorations, poll its status, fetch its result).
const $ = (id) => document.getElementById(id);
const order = ['queued', 'detected', 'restored', 'done'];
let picked = null;
let beforeUrl = null;

function pick(file) {
  picked = file || null;
  $('drop-text').textContent = picked ? `${picked.name} (${Math.round(picked.size / 1024)} KB)` : 'Drop a photo here or click to pick one';
  $('restore').disabled = !picked;
}

$('file').addEventListener('change', () => pick($('file').files[0]));
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); pick(e.dataTransfer.files[0]); });
$('fidelity').addEventListener('input', () => { $('fidelity-value').textContent = $('fidelity').value; });
$('slider').addEventListener('input', () => { $('before-clip').style.width = `${$('slider').value}%`; });

function showError(text) {
  $('error').textContent = text;
  $('error').hidden = false;
}

async function problemText(response) {
  try {
    const problem = await response.json();
    return [problem.title, problem.detail].filter(Boolean).join(': ') || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

function showStage(status) {
  const reached = order.indexOf(status);
  for (const li of $('stages').children) {
    const index = order.indexOf(li.dataset.stage);
    li.classList.toggle('reached', reached >= 0 && index <= reached);
    li.classList.toggle('failed', status === 'failed' && !li.previousElementSibling?.classList.contains('failed') && !li.classList.contains('reached'));
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function poll(statusUrl) {
  for (;;) {
    const response = await fetch(statusUrl, { headers: { Accept: 'application/json' } });
    if (!response.ok) {
      throw new Error(await problemText(response));
    }
    const job = await response.json();
    showStage(job.status);
    $('status-text').textContent = `Job ${job.id}: ${job.status}`;
    if (job.status === 'done' || job.status === 'failed') {
      return job;
    }
    const retryAfter = Number(response.headers.get('Retry-After'));
    await sleep(retryAfter > 0 ? Math.min(retryAfter * 1000, 5000) : 500);
  }
}

$('submit-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!picked) return;
  $('error').hidden = true;
  $('result').hidden = true;
  $('restore').disabled = true;
  $('progress').hidden = false;
  showStage('');
  $('status-text').textContent = 'Uploading…';
  try {
    const form = new FormData();
    form.append('image', picked, picked.name);
    const query = new URLSearchParams({ fidelity: $('fidelity').value, upscale: $('upscale').value });
    const created = await fetch(`api/restorations?${query}`, { method: 'POST', body: form });
    if (!created.ok) {
      throw new Error(await problemText(created));
    }
    const job = await created.json();
    const statusUrl = job.statusUrl.replace(/^\//, '');
    const final = await poll(statusUrl);
    if (final.status === 'failed') {
      throw new Error(final.error || 'The job failed.');
    }
    const result = await fetch(statusUrl + '/result');
    if (!result.ok) {
      throw new Error(await problemText(result));
    }
    const blob = await result.blob();
    const afterUrl = URL.createObjectURL(blob);
    if (beforeUrl) URL.revokeObjectURL(beforeUrl);
    beforeUrl = URL.createObjectURL(picked);
    $('after').src = afterUrl;
    $('before').src = beforeUrl;
    $('after').onload = () => { $('before').style.width = `${$('after').clientWidth}px`; };
    $('download').href = afterUrl;
    $('download').download = `restored-${picked.name.replace(/\.[^.]+$/, '')}.${(blob.type.split('/')[1] || 'png')}`;
    $('faces').textContent = `${final.facesFound ?? 0} face(s) found`;
    $('result').hidden = false;
  } catch (error) {
    showStage('failed');
    showError(error.message);
  } finally {
    $('restore').disabled = !picked;
  }
});
