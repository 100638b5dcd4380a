#!/usr/bin/env python3
"""translation-keys.py: the English strings of a shipped file, and a check of a translation file.

The contract is /work/notes/TRANSLATION-FORMAT.md (kept in the repo as the loader's
documentation): a translation of a questionnaire or referral catalogue is
assets/translations/<lang>/<file>.json with
  {"language": ..., "translation-status": "draft"|"reviewed", "source": ..., "texts": {<English>: <translation>}}
keyed by every English string of the source exactly as written there.

English strings are:
  - questionnaires (FHIR R4): the "content" of every standard translation extension
    (http://hl7.org/fhir/StructureDefinition/translation) whose "lang" is "en", wherever it
    sits (_title, _description, _text, _prefix, _display, _valueString of our read-aloud,
    scale-low, scale-high, sensitive-why, ... extensions);
  - referral catalogues (assets/referrals/*.json): the "en" value of every {"nl": ..., "en": ...} object.
Kiosk texts (assets/i18n/<lang>.json) are checked against the keys and English texts of the
table in shared/i18n/catalog.cpp (read from the C++ source: {"key", {"nl", "en"}} entries,
adjacent string literals joined), plus the keys the contract adds this round if the
catalogue does not have them yet (NEW_KEYS below).

Usage:
  translation-keys.py list SOURCE.json               # the English strings, one per line (JSON-quoted)
  translation-keys.py check SOURCE.json TRANS.json   # missing / extra keys, placeholder mismatches
  translation-keys.py check-all [ASSETS_DIR]         # every assets/translations/<lang>/<file>.json
                                                     # and every assets/i18n/<lang>.json
  translation-keys.py kiosk-list [CATALOG.cpp]       # the kiosk keys and English texts, as JSON
  translation-keys.py kiosk TRANS.json [CATALOG.cpp]  # kiosk texts: every key, same {placeholders}
  translation-keys.py kiosk-merge PENDING.json TRANS.json [CATALOG.cpp]
        # moves the texts of PENDING (assets/i18n/pending/<lang>.json: keys other branches add)
        # whose key the catalogue now has into TRANS; both files are rewritten
Exit status: 0 when everything checked is complete, 1 otherwise, 2 on usage errors.
"""
import json
import os
import re
import sys

TRANSLATION_URL = "http://hl7.org/fhir/StructureDefinition/translation"
PLACEHOLDER = re.compile(r"\{[A-Za-z0-9_.-]+\}")


def _walk_fhir(node, out):
    if isinstance(node, dict):
        if node.get("url") == TRANSLATION_URL and isinstance(node.get("extension"), list):
            lang = content = None
            for sub in node["extension"]:
                if sub.get("url") == "lang":
                    lang = sub.get("valueCode")
                elif sub.get("url") == "content":
                    content = sub.get("valueString")
            if lang == "en" and isinstance(content, str):
                out.append(content)
            return
        for value in node.values():
            _walk_fhir(value, out)
    elif isinstance(node, list):
        for value in node:
            _walk_fhir(value, out)


def _walk_referrals(node, out):
    if isinstance(node, dict):
        if "en" in node and "nl" in node and isinstance(node["en"], str):
            out.append(node["en"])
            return
        for value in node.values():
            _walk_referrals(value, out)
    elif isinstance(node, list):
        for value in node:
            _walk_referrals(value, out)


def english_strings(path):
    """Unique English strings of a source file, in document order."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    out = []
    if isinstance(doc, dict) and doc.get("resourceType") == "Questionnaire":
        _walk_fhir(doc, out)
    else:
        _walk_referrals(doc, out)
    seen, unique = set(), []
    for s in out:
        if s not in seen:
            seen.add(s)
            unique.append(s)
    return unique


NEW_KEYS = {  # TRANSLATION-FORMAT.md: added to the catalogue by the `langs` work this round
    "speak.unavailable": "Read-aloud is not available in this language.",
    "staff.translation-draft": "Translation {lang}: draft, not yet read by a native speaker.",
    "lint.no-readability": "No readability formula for {lang}: only sentence length was checked.",
}
_LIT = r'"(?:[^"\\]|\\.)*"'
_LITS = rf'{_LIT}(?:\s*{_LIT})*'
_ENTRY = re.compile(rf'\{{\s*({_LIT})\s*,\s*\{{\s*({_LITS})\s*,\s*({_LITS})\s*\}}\s*\}}')


def _c_string(lits):
    out = ""
    for lit in re.findall(_LIT, lits):
        body = lit[1:-1]
        out += re.sub(r'\\(u[0-9a-fA-F]{4}|.)',
                      lambda m: chr(int(m.group(1)[1:], 16)) if len(m.group(1)) == 5
                      else {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)
    return out


def kiosk_english(catalog="shared/i18n/catalog.cpp"):
    """key -> English text of the kiosk catalogue (the Dutch when English is empty)."""
    with open(catalog, encoding="utf-8") as f:
        src = f.read()
    start = src.index("table()")
    table = {}
    for m in _ENTRY.finditer(src, start):
        nl, en = _c_string(m.group(2)), _c_string(m.group(3))
        table[_c_string(m.group(1))] = en or nl
    for key, text in NEW_KEYS.items():
        table.setdefault(key, text)
    return table


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def check_texts(reference, texts, name):
    """reference: list or dict of English keys; texts: the translation's texts. Returns problems."""
    problems = []
    ref_keys = list(reference)
    for key in ref_keys:
        if key not in texts:
            problems.append(f"{name}: missing: {json.dumps(key, ensure_ascii=False)}")
            continue
        value = texts[key]
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{name}: empty: {json.dumps(key, ensure_ascii=False)}")
            continue
        src = reference[key] if isinstance(reference, dict) else key
        if placeholders(src) != placeholders(value):
            problems.append(f"{name}: placeholders {placeholders(src)} != {placeholders(value)}: "
                            f"{json.dumps(key, ensure_ascii=False)}")
    ref_set = set(ref_keys)
    for key in texts:
        if key not in ref_set:
            problems.append(f"{name}: extra: {json.dumps(key, ensure_ascii=False)}")
    return problems


def load_translation(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    problems = []
    for field in ("language", "translation-status", "texts"):
        if field not in doc:
            problems.append(f"{path}: no '{field}'")
    if doc.get("translation-status") not in ("draft", "reviewed"):
        problems.append(f"{path}: translation-status must be 'draft' or 'reviewed'")
    return doc, problems


def check(source, translation):
    doc, problems = load_translation(translation)
    if "source" not in doc:
        problems.append(f"{translation}: no 'source'")
    problems += check_texts(english_strings(source), doc.get("texts", {}), translation)
    return problems


def source_for(assets, name):
    """assets/translations/<lang>/<name>.json -> its source file."""
    if name.startswith("referrals-"):
        return os.path.join(assets, "referrals", name[len("referrals-"):])
    return os.path.join(assets, "questionnaires", name)


def main(argv):
    if len(argv) >= 2 and argv[1] == "list" and len(argv) == 3:
        for s in english_strings(argv[2]):
            print(json.dumps(s, ensure_ascii=False))
        return 0
    if len(argv) == 4 and argv[1] == "check":
        problems = check(argv[2], argv[3])
    elif len(argv) in (2, 3) and argv[1] == "check-all":
        assets = argv[2] if len(argv) == 3 else "assets"
        root = os.path.join(assets, "translations")
        problems = []
        for lang in sorted(os.listdir(root)):
            for name in sorted(os.listdir(os.path.join(root, lang))):
                if not name.endswith(".json"):
                    continue
                path = os.path.join(root, lang, name)
                src = source_for(assets, name)
                if not os.path.exists(src):
                    problems.append(f"{path}: no source {src}")
                    continue
                found = check(src, path)
                problems += found
                print(f"{path}: {len(english_strings(src))} strings, "
                      f"{'complete' if not found else str(len(found)) + ' problems'}")
        i18n = os.path.join(assets, "i18n")
        catalog = os.path.join(os.path.dirname(os.path.abspath(assets)), "shared", "i18n", "catalog.cpp")
        if os.path.isdir(i18n) and os.path.exists(catalog):
            ref = kiosk_english(catalog)
            for name in sorted(os.listdir(i18n)):
                if not name.endswith(".json"):
                    continue
                path = os.path.join(i18n, name)
                doc, found = load_translation(path)
                found += check_texts(ref, doc.get("texts", {}), path)
                problems += found
                print(f"{path}: {len(ref)} keys, {'complete' if not found else str(len(found)) + ' problems'}")
    elif len(argv) in (2, 3) and argv[1] == "kiosk-list":
        print(json.dumps(kiosk_english(*argv[2:]), ensure_ascii=False, indent=1))
        return 0
    elif len(argv) in (3, 4) and argv[1] == "kiosk":
        ref = kiosk_english(*argv[3:])
        doc, problems = load_translation(argv[2])
        problems += check_texts(ref, doc.get("texts", {}), argv[2])
        print(f"{argv[2]}: {len(ref)} keys, {'complete' if not problems else str(len(problems)) + ' problems'}")
    elif len(argv) in (4, 5) and argv[1] == "kiosk-merge":
        ref = kiosk_english(*argv[4:])
        with open(argv[2], encoding="utf-8") as f:
            pending = json.load(f)
        with open(argv[3], encoding="utf-8") as f:
            doc = json.load(f)
        if pending.get("language") != doc.get("language"):
            print(f"{argv[2]} is for {pending.get('language')}, {argv[3]} for {doc.get('language')}")
            return 1
        moved = {k: v for k, v in pending["texts"].items() if k in ref and k not in doc["texts"]}
        problems = check_texts({k: ref[k] for k in moved}, moved, argv[2])
        if problems:
            for p in problems:
                print(p)
            return 1
        doc["texts"] = dict(sorted({**doc["texts"], **moved}.items()))
        pending["texts"] = {k: v for k, v in pending["texts"].items() if k not in moved}
        for path, d in ((argv[3], doc), (argv[2], pending)):
            with open(path, "w", encoding="utf-8") as f:
                json.dump(d, f, ensure_ascii=False, indent=2)
                f.write("\n")
        print(f"moved {len(moved)} texts into {argv[3]}: {', '.join(moved) or '-'}")
        return 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
