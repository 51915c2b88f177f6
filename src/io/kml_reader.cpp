#include "io/kml_reader.hpp"

#include <expat.h>
#include <fmt/format.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <optional>
#include <string_view>

#include "base/text.hpp"

namespace frontline::io {

namespace {

constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxTextBytes = 1 << 20;

// The local name of an element ("kml:Placemark" and "Placemark" alike).
std::string_view local(const XML_Char* name) {
  std::string_view n(name);
  const auto colon = n.rfind(':');
  const auto sep = n.rfind('|');  // expat's namespace separator, when namespaces are on
  const auto cut =
      std::max(colon == std::string_view::npos ? 0 : colon + 1, sep == std::string_view::npos ? 0 : sep + 1);
  return n.substr(cut);
}

struct Parser {
  std::vector<std::string> stack;         // element names
  std::vector<std::string> folder_names;  // one per open Folder/Document ("" until its <name>)
  std::optional<KmlPlacemark> current;
  bool in_point = false;
  std::string data_name;
  std::string text;
  std::vector<KmlPlacemark> out;
  std::string error;
  XML_Parser xml = nullptr;

  void fail(std::string what) {
    if (error.empty()) error = std::move(what);
    XML_StopParser(xml, XML_FALSE);
  }
};

void XMLCALL on_start(void* user, const XML_Char* name, const XML_Char** attrs) {
  auto& p = *static_cast<Parser*>(user);
  if (static_cast<int>(p.stack.size()) >= kMaxDepth) {
    p.fail(fmt::format("elements nested deeper than {}", kMaxDepth));
    return;
  }
  const std::string_view n = local(name);
  p.stack.emplace_back(n);
  p.text.clear();
  if (n == "Folder" || n == "Document") {
    p.folder_names.emplace_back();
  } else if (n == "Placemark") {
    p.current.emplace();
    p.current->line = XML_GetCurrentLineNumber(p.xml);
    for (const XML_Char** a = attrs; a != nullptr && *a != nullptr; a += 2) {
      if (local(a[0]) == "id") p.current->id = a[1];
    }
    for (const auto& f : p.folder_names) {
      if (!f.empty()) p.current->folders.push_back(f);
    }
  } else if (n == "Point") {
    p.in_point = true;
  } else if (n == "Data" || n == "SimpleData") {
    p.data_name.clear();
    for (const XML_Char** a = attrs; a != nullptr && *a != nullptr; a += 2) {
      if (local(a[0]) == "name") p.data_name = a[1];
    }
  }
}

void XMLCALL on_text(void* user, const XML_Char* s, int len) {
  auto& p = *static_cast<Parser*>(user);
  if (p.text.size() + static_cast<std::size_t>(len) > kMaxTextBytes) {
    p.fail(fmt::format("an element's text is longer than {} bytes", kMaxTextBytes));
    return;
  }
  p.text.append(s, static_cast<std::size_t>(len));
}

void XMLCALL on_end(void* user, const XML_Char* name) {
  auto& p = *static_cast<Parser*>(user);
  const std::string_view n = local(name);
  const std::string parent = p.stack.size() >= 2 ? p.stack[p.stack.size() - 2] : std::string();
  if (p.current) {
    auto& pm = *p.current;
    if (n == "name" && parent == "Placemark") pm.name = trim(p.text);
    if (n == "description" && parent == "Placemark") pm.description = trim(p.text);
    if (n == "styleUrl" && parent == "Placemark") pm.style_url = trim(p.text);
    if (n == "when" && (parent == "TimeStamp" || parent == "TimeSpan")) pm.when = trim(p.text);
    if (n == "begin" && parent == "TimeSpan" && pm.when.empty()) pm.when = trim(p.text);
    if (n == "coordinates" && p.in_point) pm.coordinates = trim(p.text);
    if (n == "value" && parent == "Data") pm.data.emplace_back(p.data_name, trim(p.text));
    if (n == "SimpleData") pm.data.emplace_back(p.data_name, trim(p.text));
    if (n == "Point") p.in_point = false;
    if (n == "Placemark") {
      if (!pm.coordinates.empty()) p.out.push_back(std::move(pm));
      p.current.reset();
    }
  } else if (n == "name" && (parent == "Folder" || parent == "Document") && !p.folder_names.empty()) {
    p.folder_names.back() = trim(p.text);
  }
  if (n == "Folder" || n == "Document") {
    if (!p.folder_names.empty()) p.folder_names.pop_back();
  }
  if (!p.stack.empty()) p.stack.pop_back();
  p.text.clear();
}

// Entities are how XML bombs grow; KML declares none.
void XMLCALL on_entity(void* user, const XML_Char*, int, const XML_Char*, int, const XML_Char*, const XML_Char*,
                       const XML_Char*, const XML_Char*) {
  static_cast<Parser*>(user)->fail(
      "the document declares an entity, which KML never needs (refused: entities are "
      "how an XML bomb expands)");
}

struct ParserDeleter {
  void operator()(XML_ParserStruct* p) const { XML_ParserFree(p); }
};

// Every http(s) URL of an HTML description: href values and bare links.
std::vector<std::string> links(std::string_view html) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = html.find("http", pos)) != std::string_view::npos) {
    const std::string_view rest = html.substr(pos);
    if (!(rest.starts_with("http://") || rest.starts_with("https://"))) {
      pos += 4;
      continue;
    }
    std::size_t end = pos;
    while (end < html.size() && !std::isspace(static_cast<unsigned char>(html[end])) && html[end] != '"' &&
           html[end] != '\'' && html[end] != '<' && html[end] != '>')
      ++end;
    std::string url(html.substr(pos, end - pos));
    if (std::find(out.begin(), out.end(), url) == out.end()) out.push_back(std::move(url));
    pos = end;
  }
  return out;
}

// The text of an HTML description without its tags, for the record's text.
std::string plain(std::string_view html) {
  std::string out;
  bool in_tag = false;
  for (char c : html) {
    if (c == '<') {
      in_tag = true;
      out += ' ';
    } else if (c == '>') {
      in_tag = false;
    } else if (!in_tag) {
      out += c;
    }
  }
  std::string squeezed;
  for (char c : out) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!squeezed.empty() && squeezed.back() != ' ') squeezed += ' ';
    } else {
      squeezed += c;
    }
  }
  while (!squeezed.empty() && squeezed.back() == ' ') squeezed.pop_back();
  return squeezed;
}

}  // namespace

Result<std::vector<KmlPlacemark>> read_kml_placemarks(std::string_view text, const std::string& name) {
  std::unique_ptr<XML_ParserStruct, ParserDeleter> xml(XML_ParserCreate("UTF-8"));
  if (!xml) return make_error(ErrorCode::internal, "expat could not create a parser");
  Parser p;
  p.xml = xml.get();
  XML_SetUserData(xml.get(), &p);
  XML_SetElementHandler(xml.get(), on_start, on_end);
  XML_SetCharacterDataHandler(xml.get(), on_text);
  XML_SetEntityDeclHandler(xml.get(), on_entity);
  // Parsed in pieces so that an error's line is known and the parser's buffer stays small.
  constexpr std::size_t kPiece = 1 << 20;
  for (std::size_t at = 0; at <= text.size(); at += kPiece) {
    const std::size_t n = std::min(kPiece, text.size() - std::min(at, text.size()));
    const bool last = at + n >= text.size();
    if (XML_Parse(xml.get(), text.data() + at, static_cast<int>(n), last ? XML_TRUE : XML_FALSE) != XML_STATUS_OK) {
      const auto line = XML_GetCurrentLineNumber(xml.get());
      const std::string why = p.error.empty() ? XML_ErrorString(XML_GetErrorCode(xml.get())) : p.error;
      return make_error(ErrorCode::bad_input,
                        fmt::format("{}:{}: not a KML document frontline can read: {}", name, line, why));
    }
    if (last) break;
  }
  return std::move(p.out);
}

namespace {

// "28 SEP 2025" (day precision) or "28 1430 SEP 2025" (exact, UTC: GeoConfirmed's 2022 names):
// the ISO text, or "" when the name is not a date (a legend's reference site).
std::pair<std::string, bool> date_of_name(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                               "jul", "aug", "sep", "oct", "nov", "dec"};
  std::vector<std::string> words;
  std::string w;
  for (char c : name) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == '-') {
      if (!w.empty()) words.push_back(std::exchange(w, {}));
      if (c == '-' && words.size() >= 3) break;  // "DD HHMM MON YYYY - VID - text"
    } else {
      w += c;
    }
    if (words.size() >= 4) break;
  }
  if (!w.empty() && words.size() < 4) words.push_back(w);
  auto digits = [](const std::string& s, std::size_t lo, std::size_t hi) {
    return s.size() >= lo && s.size() <= hi &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  auto month = [&](const std::string& s) -> int {
    const std::string l = ascii_lower(s);
    for (std::size_t i = 0; i < kMonths.size(); ++i) {
      if (l == kMonths[i]) return static_cast<int>(i) + 1;
    }
    return 0;
  };
  if (words.size() >= 3 && digits(words[0], 1, 2) && month(words[1]) > 0 && digits(words[2], 4, 4)) {
    return {fmt::format("{}-{:02}-{:02}", words[2], month(words[1]), std::stoi(words[0])), false};
  }
  if (words.size() >= 4 && digits(words[0], 1, 2) && digits(words[1], 4, 4) && month(words[2]) > 0 &&
      digits(words[3], 4, 4)) {
    return {fmt::format("{}-{:02}-{:02}T{}:{}:00Z", words[3], month(words[2]), std::stoi(words[0]),
                        words[1].substr(0, 2), words[1].substr(2, 2)),
            true};
  }
  return {"", false};
}

// HTML's line breaks (<br>, <br/>, </p>, </div>) as newlines, so that a description written in HTML
// splits into its lines as a plain one does.
std::string line_breaks(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  const std::string low = ascii_lower(html);
  for (std::size_t i = 0; i < html.size();) {
    bool matched = false;
    for (std::string_view tag : {"<br>", "<br/>", "<br />", "</p>", "</div>"}) {
      if (std::string_view(low).substr(i, tag.size()) == tag) {
        out += '\n';
        i += tag.size();
        matched = true;
        break;
      }
    }
    if (!matched) out += html[i++];
  }
  return out;
}

// The faction of GeoConfirmed's icon: the colour in "icons/<RRGGBB>/" (0051CA Ukraine, E00000
// Russia), or the "_UA_" / "_RU_" token of the 2022 icons.
Side side_of_style(std::string_view style) {
  const std::string l = ascii_lower(style);
  if (auto at = l.find("icons/"); at != std::string::npos && l.size() >= at + 12) {
    const std::string colour = l.substr(at + 6, 6);
    if (colour == "0051ca") return Side::ukrainian;
    if (colour == "e00000") return Side::russian;
  }
  if (l.find("_ua_") != std::string::npos) return Side::ukrainian;
  if (l.find("_ru_") != std::string::npos) return Side::russian;
  return Side::unknown;
}

}  // namespace

Result<EvidenceFile> parse_kml(std::string_view text, const std::string& name) {
  FRONTLINE_TRY(placemarks, read_kml_placemarks(text, name));
  EvidenceFile out;
  out.dataset = "geoconfirmed";
  for (const auto& pm : placemarks) {
    EvidenceRow r;
    r.where = fmt::format("{}:{}", name, pm.line);
    EvidenceRecord& rec = r.record;
    rec.dataset = "geoconfirmed";
    // The date: a TimeStamp wins, else the name; a placemark whose name is no date is a legend's
    // reference site, not evidence.
    std::string when = pm.when;
    if (when.empty()) {
      for (const auto& [k, v] : pm.data) {
        if (ascii_lower(k) == "date") when = v;
      }
    }
    if (when.empty()) when = date_of_name(pm.name).first;
    if (when.empty()) {
      ++out.without_place;
      continue;
    }
    FRONTLINE_TRY(t, parse_observed_time(when, r.where));
    rec.observed_at = t.at;
    rec.time_precision = t.precision;
    {
      std::string c = pm.coordinates;
      std::replace(c.begin(), c.end(), ',', ' ');
      char* end = nullptr;
      r.lon = std::strtod(c.c_str(), &end);
      const char* rest = end;
      r.lat = std::strtod(rest, &end);
      if (end == rest) {
        return make_error(
            ErrorCode::bad_input,
            fmt::format("{}: the Point's coordinates '{}' are not 'longitude,latitude'", r.where, pm.coordinates));
      }
    }
    auto fixed = to_fixed(Longitude{r.lon}, Latitude{r.lat});
    if (!fixed) {
      return make_error(ErrorCode::bad_input,
                        fmt::format("{}: the point ({}, {}) is out of range: longitude -180..180, "
                                    "latitude -90..90",
                                    r.where, r.lon, r.lat));
    }
    rec.point = *fixed;
    rec.precision_m = 100;
    rec.side = side_of_style(pm.style_url);
    for (const auto& [k, v] : pm.data) {
      if (ascii_lower(k) == "side") {
        if (auto s = side_from_string(ascii_lower(v)); s) rec.side = *s;
      }
    }
    rec.kind = EvidenceKind::combat_footage;
    // The description: text, then "Source(s):" and "Geolocation(s):" sections of one URL a line.
    enum class Section { body, sources, geolocation } section = Section::body;
    std::string body;
    const std::string html = line_breaks(pm.description);
    std::size_t start = 0;
    while (start <= html.size()) {
      auto nl = html.find('\n', start);
      if (nl == std::string::npos) nl = html.size();
      const std::string_view raw = std::string_view(html).substr(start, nl - start);
      const std::string line = plain(raw);
      const std::string l = ascii_lower(line);
      start = nl + 1;
      if (l.starts_with("source(s)") || l.starts_with("sources:") || l.starts_with("source:")) {
        section = Section::sources;
      } else if (l.starts_with("geolocation(s)") || l.starts_with("geolocation:") || l.starts_with("geo:")) {
        section = Section::geolocation;
      } else if (section == Section::body) {
        if (!line.empty()) body += (body.empty() ? "" : "\n") + line;
        continue;
      }
      // The links of a header line and of the lines under it (href values of HTML too).
      for (auto& url : links(raw)) {
        while (!url.empty() && std::string_view(".,;:)]!?").find(url.back()) != std::string_view::npos) url.pop_back();
        if (section == Section::geolocation) {
          if (rec.geolocation.empty()) rec.geolocation = url;
        } else if (std::find(rec.sources.begin(), rec.sources.end(), url) == rec.sources.end()) {
          rec.sources.push_back(url);
        }
      }
    }
    rec.text = body;
    // Not the folder: an event moves between GeoConfirmed's age folders from one export to the next.
    const std::string identity = fmt::format("{}|{}|{}", pm.name, pm.coordinates, pm.description);
    rec.key = fmt::format("geoconfirmed:{:016x}", XXH3_64bits(identity.data(), identity.size()));
    out.rows.push_back(std::move(r));
  }
  return out;
}

}  // namespace frontline::io
