// Forms the xlsform tests write themselves (through libxlsxwriter) and the
// normalised comparison of questionnaires.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.hpp"
#include "xlsform/xlsx.hpp"

namespace kiosk::test {

// A sheet from rows of cells; the first row is the header.
inline xlsform::Sheet sheet(const std::string& name, const std::vector<std::vector<std::string>>& rows) {
    xlsform::Sheet s;
    s.name = name;
    int n = 1;
    for (const auto& r : rows) s.rows.push_back({n++, r});
    return s;
}

inline std::filesystem::path write_form(const std::filesystem::path& file, std::vector<xlsform::Sheet> sheets) {
    xlsform::Workbook b;
    b.sheets = std::move(sheets);
    auto st = xlsform::write_xlsx(file, b);
    if (!st) throw std::runtime_error(st.error().message);
    return file;
}

// Extension arrays sorted (their order means nothing), whole decimals as integers (2.0 == 2).
inline nlohmann::json normalised(const nlohmann::json& j) {
    if (j.is_object()) {
        nlohmann::json out = nlohmann::json::object();
        for (auto it = j.begin(); it != j.end(); ++it) out[it.key()] = normalised(it.value());
        if (out.contains("extension") && out["extension"].is_array()) {
            std::vector<nlohmann::json> v(out["extension"].begin(), out["extension"].end());
            std::sort(v.begin(), v.end(), [](const nlohmann::json& a, const nlohmann::json& b) { return a.dump() < b.dump(); });
            out["extension"] = v;
        }
        return out;
    }
    if (j.is_array()) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& x : j) out.push_back(normalised(x));
        return out;
    }
    if (j.is_number_float() && j.get<double>() == static_cast<double>(static_cast<long long>(j.get<double>())))
        return static_cast<long long>(j.get<double>());
    return j;
}

// The first place two JSON values differ ("" when equal), for messages.
inline std::string first_difference(const nlohmann::json& a, const nlohmann::json& b, const std::string& path = "") {
    if (a == b) return {};
    if (a.is_object() && b.is_object()) {
        for (auto it = a.begin(); it != a.end(); ++it) {
            if (!b.contains(it.key())) return path + "/" + it.key() + ": only in the original";
            if (auto d = first_difference(it.value(), b[it.key()], path + "/" + it.key()); !d.empty()) return d;
        }
        for (auto it = b.begin(); it != b.end(); ++it)
            if (!a.contains(it.key())) return path + "/" + it.key() + ": only in the copy";
    }
    if (a.is_array() && b.is_array() && a.size() == b.size()) {
        for (std::size_t i = 0; i < a.size(); ++i)
            if (auto d = first_difference(a[i], b[i], path + "[" + std::to_string(i) + "]"); !d.empty()) return d;
    }
    return path + ": " + a.dump().substr(0, 300) + " vs " + b.dump().substr(0, 300);
}

inline nlohmann::json read_json(const std::filesystem::path& p) { return nlohmann::json::parse(read_file(p)); }

}  // namespace kiosk::test
