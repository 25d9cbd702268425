#!/usr/bin/env node
// Checks every reply the integration tests received (recorded by tests/support/http_client.cc,
// one JSON line per reply) against docs/openapi.yaml: the route and method must be documented,
// the status must be documented for that operation (or as its `default`), and a JSON body must
// validate against the documented schema for that status and media type. Bodies are validated
// by Ajv's JSON Schema 2020-12 dialect, the one OpenAPI 3.1 schemas use, with ajv-formats (so a
// `date-time` must be RFC 3339 with an offset). A path no operation matches must be answered by
// the server's own problem+json (400, 404, 405 or 413), and a Location header must name a path a
// documented GET serves. A reply other than a problem on an undocumented path outside /api/ is
// the staff web app's (its files, index.html for client routes: served with --web-root, not
// part of the API) and is left to the web app tests. Exits 1 listing each drift.
//   node validate-replies.mjs docs/openapi.yaml build/dev/replies
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

const [openapiFile, replyDir] = process.argv.slice(2);
if (!openapiFile || !replyDir) {
  console.error('usage: validate-replies.mjs OPENAPI_YAML REPLY_DIR');
  process.exit(2);
}
const doc = parse(readFileSync(openapiFile, 'utf8'));

// strict: false because OpenAPI schemas carry annotations Ajv does not know (`example`).
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
ajv.addSchema(doc, 'openapi.json');

const pointerEscape = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const validators = new Map();
function validatorFor(pointer) {
  if (!validators.has(pointer)) validators.set(pointer, ajv.compile({ $ref: `openapi.json#${pointer}` }));
  return validators.get(pointer);
}

// The path templates, most literal first, so /patients/{id}/calendar.ics wins over anything
// with a parameter in that place.
const templates = Object.keys(doc.paths).map((template) => {
  const segments = template.split('/');
  const literal = segments.filter((s) => !s.startsWith('{')).length;
  return { template, segments, literal };
}).sort((a, b) => b.literal - a.literal);

function matchTemplate(path) {
  const segments = path.split('/');
  return templates.find((t) => t.segments.length === segments.length &&
    t.segments.every((s, i) => (s.startsWith('{') && s.endsWith('}') ? segments[i] !== '' : s === segments[i])));
}

function resolve(object) {
  while (object && object.$ref) {
    object = object.$ref.slice(2).split('/').reduce((o, key) => o[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  return object;
}

// Locations whose GET is not served yet, each with the reason; remove an entry once its GET is.
const knownLocationGaps = new Map([]);

const problemPointer = '/components/schemas/Problem';
// Each drift once, with the first test that met it.
const drifts = new Map();
let currentTest = '';
const drift = (message) => { if (!drifts.has(message)) drifts.set(message, currentTest); };
let checked = 0;

function validateBody(where, pointer, reply) {
  let body;
  try {
    body = JSON.parse(reply.body);
  } catch {
    drift(`${where}: the body is not JSON`);
    return;
  }
  const validate = validatorFor(pointer);
  if (!validate(body)) {
    for (const error of validate.errors) {
      drift(`${where}: ${error.instancePath || '/'} ${error.message}` +
        (error.params && error.params.additionalProperty ? ` (${error.params.additionalProperty})` : ''));
    }
  }
}

const files = existsSync(replyDir) ? readdirSync(replyDir).filter((f) => f.endsWith('.jsonl')) : [];
for (const file of files) {
  for (const line of readFileSync(join(replyDir, file), 'utf8').split('\n')) {
    if (!line) continue;
    const reply = JSON.parse(line);
    checked += 1;
    const mediaType = (reply.content_type || '').split(';')[0].trim();
    const isJson = mediaType === 'application/json' || mediaType === 'application/problem+json';
    const matched = matchTemplate(reply.path);
    currentTest = reply.test || 'outside a test';
    const where = `${reply.method} ${matched ? matched.template : reply.path} -> ${reply.status}`;
    const operation = matched && doc.paths[matched.template][reply.method.toLowerCase()];
    if (!operation) {
      const api = reply.path === '/api' || reply.path.startsWith('/api/');
      if (!matched && !api && mediaType !== 'application/problem+json') continue;  // the web app's
      // The server's own answers to what no route serves: a path we do not serve, a method
      // the path does not take, a target that is not correctly encoded.
      const generic = [400, 404, 405, 413].includes(reply.status) && mediaType === 'application/problem+json';
      if (!generic) {
        drift(`${where}: ${matched ? `${reply.method} ${matched.template}` : 'the path'} is not documented`);
      } else {
        validateBody(where, problemPointer, reply);
      }
      continue;
    }
    // A Location names something a client can GET: a documented GET operation.
    if (reply.location) {
      const target = matchTemplate(reply.location.split('?')[0]);
      const gap = [...knownLocationGaps.keys()].some((template) =>
        new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(reply.location));
      if (!gap && (!target || !doc.paths[target.template].get)) {
        drift(`${where}: its Location ${reply.location} names no documented GET`);
      }
    }
    const statusKey = String(reply.status) in operation.responses ? String(reply.status) : 'default';
    const response = resolve(operation.responses[statusKey]);
    if (!response) {
      drift(`${where}: status ${reply.status} is not documented for ${reply.method} ${matched.template}`);
      continue;
    }
    if (reply.status === 204 || reply.status === 304) continue;
    const content = response.content || {};
    if (!(mediaType in content)) {
      drift(`${where}: media type "${mediaType}" is not documented (${Object.keys(content).join(', ') || 'no body'})`);
      continue;
    }
    if (!isJson) continue;
    if (!content[mediaType].schema) {
      drift(`${where}: no schema is documented for ${mediaType}`);
      continue;
    }
    // The pointer to the schema itself (not a copy) so that its $refs resolve in the document.
    const responsePointer = operation.responses[statusKey].$ref
      ? operation.responses[statusKey].$ref.slice(1)
      : `/paths/${pointerEscape(matched.template)}/${reply.method.toLowerCase()}/responses/${statusKey}`;
    validateBody(where, `${responsePointer}/content/${pointerEscape(mediaType)}/schema`, reply);
    if (mediaType === 'application/problem+json') validateBody(where, problemPointer, reply);
  }
}

if (drifts.size > 0) {
  console.log(`${drifts.size} differences between ${checked} replies and ${openapiFile}:`);
  for (const [message, test] of [...drifts].sort()) console.log(`  ${message}   [${test}]`);
  process.exit(1);
}
console.log(`${checked} replies match ${openapiFile}`);
