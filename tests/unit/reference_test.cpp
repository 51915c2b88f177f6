// The built-in area of Ukraine is what measure_boundary gives for the bundled oblast boundaries,
// and within 1 % of the State Statistics Service's published 603,628 km².
#include <gtest/gtest.h>

#include "frontline/reference.hpp"
#include "test_support.hpp"

namespace frontline {
namespace {

TEST(Reference, BuiltInUkraineAreaIsTheBundledBoundariesMeasured) {
  auto r = measure_boundary(test::repo_data("ukraine-oblasts.geojson.gz"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->features, 27u);
  EXPECT_LE(test::relative_difference(r->area_m2, kUkraineAreaM2), 1e-9)
      << "measured " << r->area_m2 << " m2; update kUkraineAreaM2 in include/frontline/reference.hpp";
  EXPECT_LE(test::relative_difference(kUkraineAreaM2, 603628e6), 0.01);
}

}  // namespace
}  // namespace frontline
