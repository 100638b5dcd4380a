#include "questionnaire/response_extensions.hpp"

#include <string.h>  // explicit_bzero: the sanitized engine test links no libsodium

#include <nlohmann/json.hpp>

#include "questionnaire/model.hpp"

namespace kiosk::questionnaire {

namespace {

void wipe(std::string& s) {
    if (!s.empty()) explicit_bzero(s.data(), s.size());
    s.clear();
}

void wipe(ResponseExtension& e) {
    wipe(e.text);
    for (auto& p : e.parts) wipe(p);
}

ResponseExtension value_of(std::string url, const char* type, const std::string& text) {
    ResponseExtension e;
    e.url = std::move(url);
    e.type = type;
    e.text = text;
    return e;
}

std::string ours(const std::string& name) { return std::string(kOurExtensionBase) + name; }

nlohmann::json to_json(const ResponseExtension& e) {
    nlohmann::json j{{"url", e.url}};
    if (!e.parts.empty() || e.type.empty()) {
        nlohmann::json parts = nlohmann::json::array();
        for (const auto& p : e.parts) parts.push_back(to_json(p));
        j["extension"] = parts;
    } else if (e.type == "valueBoolean") {
        j[e.type] = e.boolean;
    } else if (e.type == "valueInteger") {
        j[e.type] = e.integer;
    } else {
        j[e.type] = e.text;
    }
    return j;
}

}  // namespace

void ResponseExtensions::add_string(const std::string& name, const std::string& v) {
    list_.push_back(value_of(ours(name), "valueString", v));
}
void ResponseExtensions::add_code(const std::string& name, const std::string& v) {
    list_.push_back(value_of(ours(name), "valueCode", v));
}
void ResponseExtensions::add_bool(const std::string& name, bool v) {
    ResponseExtension e;
    e.url = ours(name);
    e.type = "valueBoolean";
    e.boolean = v;
    list_.push_back(std::move(e));
}
void ResponseExtensions::add_parts(const std::string& name, std::vector<ResponseExtension> parts) {
    ResponseExtension e;
    e.url = ours(name);
    e.parts = std::move(parts);
    list_.push_back(std::move(e));
}

ResponseExtension ResponseExtensions::part_code(const std::string& name, const std::string& v) {
    return value_of(name, "valueCode", v);
}
ResponseExtension ResponseExtensions::part_date(const std::string& name, const std::string& v) {
    return value_of(name, "valueDate", v);
}
ResponseExtension ResponseExtensions::part_string(const std::string& name, const std::string& v) {
    return value_of(name, "valueString", v);
}
ResponseExtension ResponseExtensions::part_integer(const std::string& name, std::int64_t v) {
    ResponseExtension e;
    e.url = name;
    e.type = "valueInteger";
    e.integer = v;
    return e;
}

void ResponseExtensions::write_into(std::string& response_json) const {
    if (list_.empty()) return;
    auto j = nlohmann::json::parse(response_json);
    auto& ext = j["extension"];
    for (const auto& e : list_) ext.push_back(to_json(e));
    wipe(response_json);
    response_json = j.dump();
    // j's copies of the strings die with it; nlohmann gives no way to wipe them
    // in place (the same as before this list, which dumped once per kind).
}

void ResponseExtensions::clear() {
    for (auto& e : list_) wipe(e);
    list_.clear();
}

}  // namespace kiosk::questionnaire
