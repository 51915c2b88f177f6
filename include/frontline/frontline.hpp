// The frontline library in one include: the store, importing, measures and reference areas.
// Front ends (the CLI, the HTTP server) include this and nothing from src/.
#pragma once

#include "frontline/check.hpp"
#include "frontline/compress.hpp"
#include "frontline/coordinate.hpp"
#include "frontline/error.hpp"
#include "frontline/files.hpp"
#include "frontline/format.hpp"
#include "frontline/geometry.hpp"
#include "frontline/import.hpp"
#include "frontline/line.hpp"
#include "frontline/measures.hpp"
#include "frontline/name_key.hpp"
#include "frontline/place.hpp"
#include "frontline/places.hpp"
#include "frontline/reference.hpp"
#include "frontline/site.hpp"
#include "frontline/status.hpp"
#include "frontline/store.hpp"
#include "frontline/tiles.hpp"
#include "frontline/time.hpp"
