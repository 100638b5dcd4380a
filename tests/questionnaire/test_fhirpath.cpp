// The FHIRPath subset, checked against examples of the FHIRPath specification
// (N1, fhirpath 2.0.0: sections 5 and 6, the examples that fall in our
// subset; written out here with their expected results) and against the SDC
// patterns real questionnaires use.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "questionnaire/fhirpath.hpp"

namespace fp = kiosk::questionnaire::fhirpath;
using json = nlohmann::json;

namespace {

// A small Patient in the shape of the specification's examples.
const json& patient() {
    static const json p = json::parse(R"({
      "resourceType": "Patient", "id": "example", "active": true, "birthDate": "1974-12-25",
      "name": [
        {"use": "official", "family": "Chalmers", "given": ["Peter", "James"]},
        {"use": "usual", "given": ["Jim"]},
        {"use": "maiden", "family": "Windsor", "given": ["Peter", "James"]}
      ],
      "telecom": [{"system": "phone", "value": "(03) 5555 6473", "use": "work", "rank": 1}],
      "extension": [{"url": "http://example.org/ext/colour", "valueString": "blue"}]
    })");
    return p;
}

fp::Collection eval(const std::string& expr, const json& resource = patient(), fp::Env env = {}) {
    auto c = fp::compile(expr);
    INFO(expr << ": " << (c ? "" : c.error().message));
    REQUIRE(c.ok());
    env.resource = &resource;
    fp::Val root;
    root.kind = fp::Val::Kind::Node;
    root.node = &resource;
    if (env.context.empty()) env.context = {root};
    if (env.today.empty()) env.today = "2026-12-01";
    auto r = fp::evaluate(*c, env, env.context);
    INFO(expr << ": " << (r ? "" : r.error().message));
    REQUIRE(r.ok());
    return *r;
}

// The result as text: items joined with ", " ("{}" when empty).
std::string show(const std::string& expr, const json& resource = patient(), fp::Env env = {}) {
    auto c = eval(expr, resource, std::move(env));
    if (c.empty()) return "{}";
    std::string out;
    for (std::size_t i = 0; i < c.size(); ++i) out += (i ? ", " : "") + fp::to_string(c[i]);
    return out;
}

}  // namespace

TEST_CASE("FHIRPath spec: paths, arrays flatten, type names at the start", "[fhirpath]") {
    CHECK(show("Patient.name.given") == "Peter, James, Jim, Peter, James");
    CHECK(show("name.given") == "Peter, James, Jim, Peter, James");
    CHECK(show("Patient.name.where(use = 'official').family") == "Chalmers");
    CHECK(show("Patient.name.given.count()") == "5");
    CHECK(show("Patient.name[0].given[1]") == "James");
    CHECK(show("Patient.name[9]") == "{}");
    CHECK(show("Patient.telecom.where(use = 'work').value") == "(03) 5555 6473");
    CHECK(show("Patient.nothing.here") == "{}");
    CHECK(show("Patient.extension('http://example.org/ext/colour').value") == "blue");
    CHECK(show("Patient.name.select(given.first())") == "Peter, Jim, Peter");
    CHECK(show("Patient.name.exists(use = 'usual')") == "true");
    CHECK(show("Patient.name.all(given.exists())") == "true");
    CHECK(show("Patient.name.given.distinct()") == "Peter, James, Jim");
    CHECK(show("Patient.name.given.isDistinct()") == "false");
    CHECK(show("Patient.name.first().given | Patient.name.last().given") == "Peter, James");
    CHECK(show("Patient.name.first().given.combine(Patient.name.last().given).count()") == "4");
    CHECK(show("Patient.birthDate < @2000-01-01") == "true");
    CHECK(show("Patient.active.not()") == "false");
}

TEST_CASE("FHIRPath spec: existence and filtering functions", "[fhirpath]") {
    CHECK(show("{}.empty()") == "true");
    CHECK(show("(1 | 2 | 3).empty()") == "false");
    CHECK(show("(1 | 2 | 3).count()") == "3");
    CHECK(show("(1 | 2 | 3).first()") == "1");
    CHECK(show("(1 | 2 | 3).last()") == "3");
    CHECK(show("(1 | 2 | 3).tail()") == "2, 3");
    CHECK(show("(1 | 2 | 3).skip(2)") == "3");
    CHECK(show("(1 | 2 | 3).take(2)") == "1, 2");
    CHECK(show("(1 | 2 | 3).where($this > 1)") == "2, 3");
    CHECK(show("(1 | 2 | 3).all($this > 0)") == "true");
    CHECK(show("(true | false).allTrue()") == "false");
    CHECK(show("(true | false).anyTrue()") == "true");
    CHECK(show("(1 | 1 | 2)") == "1, 2");  // union removes duplicates
    CHECK(show("(1 | 2).intersect(2 | 3)") == "2");
    CHECK(show("(1 | 2 | 3).exclude(2)") == "1, 3");
    CHECK(show("(1 | 2) contains 2") == "true");
    CHECK(show("3 in (1 | 2)") == "false");
}

TEST_CASE("FHIRPath spec: boolean logic with empty (three-valued)", "[fhirpath]") {
    CHECK(show("true and {}") == "{}");
    CHECK(show("false and {}") == "false");
    CHECK(show("true or {}") == "true");
    CHECK(show("false or {}") == "{}");
    CHECK(show("true xor false") == "true");
    CHECK(show("true xor true") == "false");
    CHECK(show("{} implies true") == "true");
    CHECK(show("false implies {}") == "true");
    CHECK(show("true implies {}") == "{}");
    CHECK(show("iif(true, 'a', 'b')") == "a");
    CHECK(show("iif({}, 'a', 'b')") == "b");
    CHECK(show("iif(false, 'a')") == "{}");
}

TEST_CASE("FHIRPath spec: equality, equivalence and comparison", "[fhirpath]") {
    CHECK(show("1 = 1") == "true");
    CHECK(show("1 = 1.0") == "true");
    CHECK(show("'a' = 'a'") == "true");
    CHECK(show("'a' = 'A'") == "false");
    CHECK(show("'a' ~ 'A'") == "true");
    CHECK(show("{} = 1") == "{}");
    CHECK(show("(1 | 2) = (1 | 2)") == "true");
    CHECK(show("@2012-04-15 = @2012-04-15") == "true");
    CHECK(show("@2012-04-15 != @2012-04-16") == "true");
    CHECK(show("10 < 5") == "false");
    CHECK(show("10 > 5.0") == "true");
    CHECK(show("'abc' < 'abd'") == "true");
    CHECK(show("@2018-03-01 < @2018-03-02") == "true");
    CHECK(show("10 'mg' = 10 'mg'") == "true");
    CHECK(show("10 'mg' > 5 'mg'") == "true");
}

TEST_CASE("FHIRPath spec: arithmetic and math functions", "[fhirpath]") {
    CHECK(show("2 + 3") == "5");
    CHECK(show("'ABC' + 'DEF'") == "ABCDEF");
    CHECK(show("7 - 2.5") == "4.5");
    CHECK(show("2 * 3") == "6");
    CHECK(show("7 / 2") == "3.5");
    CHECK(show("1 / 0") == "{}");
    CHECK(show("5 div 2") == "2");
    CHECK(show("5.5 div 0.7") == "7");
    CHECK(show("5 mod 2") == "1");
    CHECK(show("'ABC' & 'DEF'") == "ABCDEF");
    CHECK(show("'ABC' & {}") == "ABC");
    CHECK(show("{} + 1") == "{}");
    CHECK(show("-5.abs()") == "-5");  // unary minus applies after the invocation
    CHECK(show("(-5).abs()") == "5");
    CHECK(show("(-5.5).abs()") == "5.5");
    CHECK(show("1.1.ceiling()") == "2");
    CHECK(show("(-1.1).ceiling()") == "-1");
    CHECK(show("2.1.floor()") == "2");
    CHECK(show("(-2.1).floor()") == "-3");
    CHECK(show("101.truncate()") == "101");
    CHECK(show("(-1.56).truncate()") == "-1");
    CHECK(show("2.power(3)") == "8");
    CHECK(show("2.5.power(2)") == "6.25");
    CHECK(show("(-1).power(0.5)") == "{}");
    CHECK(show("3.14159.round(3)") == "3.142");
    CHECK(show("1.round()") == "1");
    CHECK(show("81.sqrt()") == "9");
    CHECK(show("(-1).sqrt()") == "{}");
    CHECK(show("0.exp()") == "1");
    CHECK(show("1.ln()") == "0");
    CHECK(show("16.log(2)") == "4");
    CHECK(show("100.0.log(10.0)") == "2");
    CHECK(show("(1 | 2 | 3).sum()") == "6");
    CHECK(show("(1 | 2.5).sum()") == "3.5");
    CHECK(show("(4 | 2 | 9).min()") == "2");
    CHECK(show("(4 | 2 | 9).max()") == "9");
    CHECK(show("(1 | 2).avg()") == "1.5");
}

TEST_CASE("FHIRPath spec: string functions", "[fhirpath]") {
    CHECK(show("'abcdefg'.substring(3)") == "defg");
    CHECK(show("'abcdefg'.substring(1, 2)") == "bc");
    CHECK(show("'abcdefg'.substring(6, 2)") == "g");
    CHECK(show("'abcdefg'.substring(7, 1)") == "{}");
    CHECK(show("'abcdefg'.startsWith('abc')") == "true");
    CHECK(show("'abcdefg'.startsWith('xyz')") == "false");
    CHECK(show("'abcdefg'.endsWith('efg')") == "true");
    CHECK(show("'abc'.contains('b')") == "true");
    CHECK(show("'abcdefg'.indexOf('bc')") == "1");
    CHECK(show("'abcdefg'.indexOf('x')") == "-1");
    CHECK(show("'abcdefg'.indexOf('abcdefg')") == "0");
    CHECK(show("'abcdefg'.replace('cde', '123')") == "ab123fg");
    CHECK(show("'abcdefg'.replace('cde', '')") == "abfg");
    CHECK(show("'abc'.replace('', 'x')") == "xaxbxcx");
    CHECK(show("'abcdefg'.length()") == "7");
    CHECK(show("'ABCDEFG'.lower()") == "abcdefg");
    CHECK(show("'abcdefg'.upper()") == "ABCDEFG");
    CHECK(show("'  ab  '.trim()") == "ab");
    CHECK(show("'1234'.toInteger() + 1") == "1235");
    CHECK(show("'12.5'.toDecimal()") == "12.5");
    CHECK(show("'abc'.toInteger()") == "{}");
    CHECK(show("1.5.toString()") == "1.5");
    CHECK(show("('a' | 'b' | 'c').join(', ')") == "a, b, c");
    CHECK(show("'abc'.matches('^a.c$')") == "true");
    CHECK(show("'2026-11-29T10:00:00Z'.toDate()") == "2026-11-29");
}

TEST_CASE("FHIRPath: what is outside the subset is refused, naming the part", "[fhirpath]") {
    auto refused = [](const std::string& e) {
        auto c = fp::compile(e);
        REQUIRE_FALSE(c.ok());
        return c.error().message;
    };
    CHECK(refused("Patient.name.resolve()").find("function 'resolve()' is outside the supported FHIRPath subset") != std::string::npos);
    CHECK(refused("memberOf('http://x')").find("'memberOf()'") != std::string::npos);
    CHECK(refused("(1 + 2").find("')' is missing") != std::string::npos);
    CHECK(refused("1 +").find("ends too early") != std::string::npos);
    CHECK(refused("'abc").find("unterminated") != std::string::npos);
    CHECK(refused("1 # 2").find("unexpected character '#'") != std::string::npos);
    CHECK(refused("substring()").find("takes 1-2 arguments, not 0") != std::string::npos);
    CHECK(refused("{1}").find("only the empty collection") != std::string::npos);
    // A runtime error (not a refusal at load) for a function applied to several values.
    auto c = fp::compile("Patient.name.given.substring(1)");
    REQUIRE(c.ok());
    json p = patient();
    fp::Env env;
    fp::Val root;
    root.kind = fp::Val::Kind::Node;
    root.node = &p;
    auto r = fp::evaluate(*c, env, {root});
    CHECK_FALSE(r.ok());
}

TEST_CASE("FHIRPath: the SDC patterns real questionnaires use", "[fhirpath]") {
    const json qr = json::parse(R"({
      "resourceType": "QuestionnaireResponse", "status": "in-progress",
      "item": [
        {"linkId": "phq", "item": [
          {"linkId": "q1", "answer": [{"valueCoding": {"system": "s", "code": "a", "display": "A"}}]},
          {"linkId": "q2", "answer": [{"valueCoding": {"system": "s", "code": "c", "display": "C"}}]},
          {"linkId": "q3"}
        ]},
        {"linkId": "weight", "answer": [{"valueQuantity": {"value": 176.37, "unit": "lbs", "system": "http://unitsofmeasure.org", "code": "[lb_av]"}}]},
        {"linkId": "height", "answer": [{"valueDecimal": 180}]},
        {"linkId": "birthdate", "answer": [{"valueDate": "1990-06-15"}]}
      ]})");
    fp::Env env;
    env.ordinal = [](const std::string& owner, const json& coding) -> std::optional<double> {
        if (owner.empty()) return std::nullopt;  // the value must know the item it answers
        std::string code = coding.value("code", "");
        return code == "a" ? 0.0 : code == "b" ? 1.0 : code == "c" ? 3.0 : std::optional<double>();
    };
    CHECK(show("%resource.answers().value.ordinal().sum()", qr, env) == "3");
    CHECK(show("%resource.item.where(linkId='phq').item.answer.value.code", qr, env) == "a, c");
    CHECK(show("%resource.repeat(item).where(linkId='q2').answer.value.display", qr, env) == "C");
    CHECK(show("%resource.repeat(item).where(linkId='q3' and answer.empty().not()).exists()", qr, env) == "false");
    CHECK(show("%resource.item.where(linkId='weight').answer.value.toQuantity('kg').value.round(1)", qr, env) == "80");
    CHECK(show("%resource.item.where(linkId='weight').answer.value.value", qr, env) == "176.37");
    CHECK(show("%resource.item.where(linkId='height').answer.value.toQuantity('m')", qr, env) == "{}");  // a plain decimal has unit '1'
    CHECK(show("item.where(linkId='height').answer.valueDecimal / 100", qr, env) == "1.8");
    CHECK(show("today().toString().substring(0,4).toInteger() - %resource.repeat(item).where(linkId='birthdate').answer.value.toString().substring(0,4).toInteger()",
               qr, env) == "36");
    env.variables["w"] = {fp::Val::decimal(80)};
    env.variables["h"] = {fp::Val::decimal(180)};
    CHECK(show("(%w/((%h/100).power(2))).round(1)", qr, env) == "24.7");
    CHECK(show("((%w/(%h/100)/(%h/100)*10 +0.5) div 1)/10", qr, env) == "24.7");
    CHECK(show("iif(%w > 74, 74, iif(%w < 35, 35, %w))", qr, env) == "74");
    auto c = fp::compile("%undefined + 1");
    REQUIRE(c.ok());
    CHECK(c->variables == std::set<std::string>{"undefined"});
    CHECK_FALSE(fp::evaluate(*c, env, {}).ok());
}
