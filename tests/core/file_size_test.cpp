// Long files in kiosk/, shared/ and platform/ (issue 15): a file over 600
// lines says at its top why it stays one file, and a file over 300 lines opens
// with an index of its sections, ImGui style:
//
//   // Index of this file:
//   // [SECTION] lexer
//   // [SECTION] parser
//   //
//   // Why this file is long: ...        (over 600 lines only)
//
// and a `// [SECTION] lexer` line where each section starts. The failures
// name every offending file with its line count, so a split or a new file that
// grows past a limit says exactly what to write.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kIndexLimit = 300;   // lines: over this, an index of sections
constexpr std::size_t kReasonLimit = 600;  // lines: over this, a written reason
constexpr std::size_t kHeaderLines = 80;   // where the index and the reason must be
const char* const kReasonMarker = "// Why this file is long:";
const char* const kIndexMarker = "// Index of this file:";

struct SourceFile {
    std::string path;  // relative to the source tree: "shared/pack/pack.cpp"
    std::vector<std::string> lines;
};

std::vector<SourceFile> sources() {
    std::vector<SourceFile> out;
    for (const char* top : {"kiosk", "shared", "platform"}) {
        const fs::path root = fs::path(KIOSK_SOURCE_DIR) / top;
        for (const auto& e : fs::recursive_directory_iterator(root)) {
            const auto ext = e.path().extension();
            if (!e.is_regular_file() || (ext != ".cpp" && ext != ".hpp" && ext != ".h")) continue;
            SourceFile f;
            f.path = fs::relative(e.path(), KIOSK_SOURCE_DIR).string();
            std::ifstream in(e.path());
            for (std::string line; std::getline(in, line);) f.lines.push_back(line);
            out.push_back(std::move(f));
        }
    }
    std::sort(out.begin(), out.end(), [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
    return out;
}

bool header_has(const SourceFile& f, const std::string& marker) {
    for (std::size_t i = 0; i < f.lines.size() && i < kHeaderLines; ++i)
        if (f.lines[i].rfind(marker, 0) == 0 && f.lines[i].size() > marker.size() + 1) return true;
    return false;
}

// What is wrong with a file's section index ("" when nothing): the index
// must be there, list at least two sections, and name the same sections in
// the same order as the `// [SECTION] name` lines below it.
std::string index_problem(const SourceFile& f) {
    static const std::regex section_re(R"(^\s*// \[SECTION\] (\S.*)$)");
    std::size_t i = 0;
    while (i < f.lines.size() && i < kHeaderLines && f.lines[i] != kIndexMarker) ++i;
    if (i == f.lines.size() || i == kHeaderLines) return "no \"" + std::string(kIndexMarker) + "\" in its first lines";
    std::vector<std::string> index, markers;
    std::smatch m;
    for (++i; i < f.lines.size() && std::regex_match(f.lines[i], m, section_re); ++i) index.push_back(m[1]);
    for (; i < f.lines.size(); ++i)
        if (std::regex_match(f.lines[i], m, section_re)) markers.push_back(m[1]);
    if (index.size() < 2) return "the index lists fewer than two sections";
    if (index != markers) {
        std::string why = "the index does not match the [SECTION] lines below it (index:";
        for (const auto& s : index) why += " '" + s + "'";
        why += "; in the file:";
        for (const auto& s : markers) why += " '" + s + "'";
        return why + ")";
    }
    return "";
}

}  // namespace

TEST_CASE("a file over 600 lines in kiosk/, shared/ or platform/ says at its top why it is long") {
    std::ostringstream offenders;
    std::size_t long_files = 0;
    for (const auto& f : sources()) {
        if (f.lines.size() <= kReasonLimit) continue;
        ++long_files;
        if (!header_has(f, kReasonMarker)) offenders << "  " << f.path << " (" << f.lines.size() << " lines)\n";
    }
    INFO("Files over " << kReasonLimit << " lines without \"" << kReasonMarker << " ...\" in their first "
                       << kHeaderLines << " lines (split them, or write the reason):\n"
                       << offenders.str());
    CHECK(offenders.str().empty());
    CHECK(long_files > 0);  // the walk found the sources (the check above can fail)
}

TEST_CASE("a file over 300 lines in kiosk/, shared/ or platform/ opens with an index of its sections") {
    std::ostringstream offenders;
    std::size_t indexed = 0;
    for (const auto& f : sources()) {
        if (f.lines.size() <= kIndexLimit) continue;
        const std::string why = index_problem(f);
        if (why.empty())
            ++indexed;
        else
            offenders << "  " << f.path << " (" << f.lines.size() << " lines): " << why << "\n";
    }
    INFO("Files over " << kIndexLimit << " lines without a matching section index (see the top of "
                       << "tests/core/file_size_test.cpp for the form):\n"
                       << offenders.str());
    CHECK(offenders.str().empty());
    CHECK(indexed > 0);
}
