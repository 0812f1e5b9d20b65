package resources_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/acctest"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

const iapProductAddr = "appsintoss_iap_product.test"

// skuOfProduct matches the sku the emulator assigns to a product on its first approval, known
// but for one random part: ait.<app number>.<app hash>.<random>.<product id, 10 digits>.
// productID is the id, or a pattern for it.
func skuOfProduct(productID string) *regexp.Regexp {
	return regexp.MustCompile(`^ait\.\d{10}\.[0-9a-f]{8}\.[0-9a-f]{10}\.0*` + productID + `$`)
}

// gemsHCL is a consumable product with the given extra lines.
func gemsHCL(inst *catalogEnv, extra string) string {
	return catalogConfig(inst, `
resource "appsintoss_iap_product" "test" {
  type        = "CONSUMABLE"
  name        = "보석 100개"
  description = "게임 내 보석 100개 지급"
  price       = 1000
  icon_url    = "https://cdn.example.com/gems-100.png"
%s
}
`, extra)
}

func TestAccIAPProduct_lifecycle(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewApprove), iAPProductLifecycle)
}

func iAPProductLifecycle(t *testing.T, inst *catalogEnv) {
	updated := catalogConfig(inst, `
resource "appsintoss_iap_product" "test" {
  type              = "CONSUMABLE"
  name              = "보석 500개"
  description       = "게임 내 보석 500개 지급"
  price             = 4900
  icon_url          = "https://cdn.example.com/gems-500.png"
  min_deployment_id = "deploy-42"
  exposed           = true
  wait_for_review   = true
}
`)
	nonConsumable := strings.Replace(updated, `"CONSUMABLE"`, `"NON_CONSUMABLE"`, 1)
	var first, second, sku string

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		// destroy deactivates: the product stays readable, INACTIVE
		CheckDestroy: entityField(t, inst, "iap-products", &second, "catalogStatus", "INACTIVE"),
		Steps: []resource.TestStep{
			{
				Config: gemsHCL(inst, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					// the emulator numbers entities from 1, and this is its first
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("product_id"), knownvalue.StringExact("1")),
					statecheck.CompareValuePairs(iapProductAddr, tfjsonpath.New("id"), iapProductAddr, tfjsonpath.New("product_id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("sku"), knownvalue.StringRegexp(skuOfProduct("1"))),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("gross_price"), knownvalue.Int64Exact(1100)),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("exposed"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("catalog_status"), knownvalue.StringExact("INACTIVE")),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("APPROVED")),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("min_deployment_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("renewal_cycle"), knownvalue.Null()),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("discount_policies"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(
					captureAttr(iapProductAddr, "product_id", &first),
					captureAttr(iapProductAddr, "sku", &sku),
					stateMatchesEntity(t, inst, iapProductAddr, "sku", "iap-products", &first, "sku"),
				),
			},
			{
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(iapProductAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("gross_price"), knownvalue.Int64Exact(5390)),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("exposed"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("catalog_status"), knownvalue.StringExact("ACTIVE")),
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttrPtr(iapProductAddr, "product_id", &first),
					resource.TestCheckResourceAttrPtr(iapProductAddr, "sku", &sku),
					entityField(t, inst, "iap-products", &first, "price", 4900),
					entityField(t, inst, "iap-products", &first, "name", "보석 500개"),
					entityField(t, inst, "iap-products", &first, "catalogStatus", "ACTIVE"),
				),
			},
			{
				ResourceName:            iapProductAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"wait_for_review"},
			},
			{
				Config: nonConsumable,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(iapProductAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeTestCheckFunc(
					captureAttr(iapProductAddr, "product_id", &second),
					entityField(t, inst, "iap-products", &first, "catalogStatus", "INACTIVE"), // the replaced one
					func(*terraform.State) error {
						if first == second {
							return fmt.Errorf("replacement kept product id %s", first)
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccIAPProduct_subscriptionWithDiscountPolicies(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), iAPProductSubscriptionWithDiscountPolicies)
}

func iAPProductSubscriptionWithDiscountPolicies(t *testing.T, inst *catalogEnv) {
	config := catalogConfig(inst, `
resource "appsintoss_iap_product" "test" {
  type          = "SUBSCRIPTION"
  name          = "프리미엄 월간 구독"
  description   = "광고 제거와 프리미엄 기능"
  price         = 9900
  icon_url      = "https://cdn.example.com/premium.png"
  renewal_cycle = "MONTHLY"
  discount_policies = [
    { type = "FREE_TRIAL", period = "ONE_WEEK" },
    { type = "NEW_SUBSCRIPTION", duration_months = 3, discounted_price = 4900 },
  ]
  exposed         = true
  wait_for_review = true
}
`)
	decideWhenSubmitted(t, inst, "iap-products", "productId", "APPROVED", "")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					// create waited for the approval: the product is on sale
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("APPROVED")),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("catalog_status"), knownvalue.StringExact("ACTIVE")),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("gross_price"), knownvalue.Int64Exact(10890)),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("discount_policies"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"type": knownvalue.StringExact("FREE_TRIAL"), "period": knownvalue.StringExact("ONE_WEEK"),
							"duration_months": knownvalue.Null(), "discounted_price": knownvalue.Null(),
						}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"type": knownvalue.StringExact("NEW_SUBSCRIPTION"), "period": knownvalue.Null(),
							"duration_months": knownvalue.Int64Exact(3), "discounted_price": knownvalue.Int64Exact(4900),
						}),
					})),
				},
			},
			{
				ResourceName:            iapProductAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"wait_for_review"},
			},
		},
	})
}

// `discount_policies = []` means "no offers", exactly like leaving it out: it is accepted,
// plans nothing after apply, and switching between the two forms never resubmits the product
// for review.
func TestAccIAPProduct_emptyDiscountPoliciesMeanNone(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), iAPProductEmptyDiscountPoliciesMeanNone)
}

func iAPProductEmptyDiscountPoliciesMeanNone(t *testing.T, inst *catalogEnv) {
	subscription := func(policies string) string {
		return catalogConfig(inst, `
resource "appsintoss_iap_product" "test" {
  type          = "SUBSCRIPTION"
  name          = "프리미엄 월간 구독"
  description   = "광고 제거와 프리미엄 기능"
  price         = 9900
  icon_url      = "https://cdn.example.com/premium.png"
  renewal_cycle = "MONTHLY"
  %s
}
`, policies)
	}
	consumableWithoutOffers := gemsHCL(inst, "  discount_policies = []")
	var id string

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: subscription("discount_policies = []"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("discount_policies"), knownvalue.ListExact([]knownvalue.Check{})),
				},
				Check: resource.ComposeTestCheckFunc(
					captureAttr(iapProductAddr, "product_id", &id),
					func(*terraform.State) error {
						if p := catalogEntity(t, inst, "iap-products", id); p["discountPolicies"] != nil {
							return fmt.Errorf("discountPolicies = %v, want none", p["discountPolicies"])
						}
						return nil
					},
				),
			},
			{
				// approved; then the attribute is left out: same meaning, no new review
				PreConfig: func() { inst.DecideReview(t, "iap-products", id, "APPROVED", "") },
				Config:    subscription(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: entityField(t, inst, "iap-products", &id, "reviewStatus", "APPROVED"),
			},
			{
				Config: subscription("discount_policies = []"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: entityField(t, inst, "iap-products", &id, "reviewStatus", "APPROVED"),
			},
			{
				// no offers is also what a product of another type has
				Config:             consumableWithoutOffers,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// `exposed` is a wish until the first approval; from then on refresh reports the catalogue state,
// and a change in the console is planned back.
func TestAccIAPProduct_exposedConvergesAndDriftIsPlannedBack(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), iAPProductExposedConvergesAndDriftIsPlannedBack)
}

func iAPProductExposedConvergesAndDriftIsPlannedBack(t *testing.T, inst *catalogEnv) {
	config := gemsHCL(inst, "  exposed = true")
	var id string

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("catalog_status"), knownvalue.StringExact("NOT_REGISTERED_YET")),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("exposed"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("sku"), knownvalue.Null()),
				},
				Check: captureAttr(iapProductAddr, "product_id", &id),
			},
			{
				// approved: the product registers ACTIVE, as configured, and sku appears
				PreConfig: func() { inst.DecideReview(t, "iap-products", id, "APPROVED", "") },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("catalog_status"), knownvalue.StringExact("ACTIVE")),
				},
				Check: stateMatchesEntity(t, inst, iapProductAddr, "sku", "iap-products", &id, "sku"),
			},
			{
				// hidden in the console: the plan exposes it again
				PreConfig: func() { changeOutOfBand(t, inst, "PUT", "/iap-products/"+id+"/status/INACTIVE", nil) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(iapProductAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: entityField(t, inst, "iap-products", &id, "catalogStatus", "ACTIVE"),
			},
			{
				// price changed in the console: planned back, product reviewed again
				PreConfig: func() {
					changeOutOfBand(t, inst, "PUT", "/iap-products/"+id, map[string]any{
						"name": "보석 100개", "description": "게임 내 보석 100개 지급", "price": 2000,
						"iconImgUrl": "https://cdn.example.com/gems-100.png", "postInspectionStatus": "ACTIVE",
					})
					inst.DecideReview(t, "iap-products", id, "APPROVED", "")
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(iapProductAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("price"), knownvalue.Int64Exact(1000)),
					},
				},
				Check: entityField(t, inst, "iap-products", &id, "price", 1000),
			},
			{
				// gone from the console: the plan creates it again
				PreConfig: func() { inst.DeleteOutOfBand(t, "iap-products", id) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(iapProductAddr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// The sku is assigned on the first approval: an update that waits for that approval must be
// allowed to fill it in.
func TestAccIAPProduct_skuAppearsWhenAnUpdateIsApproved(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), iAPProductSkuAppearsWhenAnUpdateIsApproved)
}

func iAPProductSkuAppearsWhenAnUpdateIsApproved(t *testing.T, inst *catalogEnv) {
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: gemsHCL(inst, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("sku"), knownvalue.Null()),
				},
			},
			{
				// the reviewer approves the changed product, once the update submitted it
				PreConfig: func() {
					decideWhen(t, inst, "iap-products", "productId", func(p map[string]any) bool { return p["name"] == "보석 110개" }, "APPROVED", "")
				},
				Config: strings.Replace(gemsHCL(inst, "  wait_for_review = true\n  timeouts {\n    update = \"30s\"\n  }"),
					"보석 100개\"", "보석 110개\"", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(iapProductAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("sku"), knownvalue.StringRegexp(regexp.MustCompile(`^ait\.`))),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("catalog_status"), knownvalue.StringExact("INACTIVE")),
				},
			},
		},
	})
}

func TestAccIAPProduct_importWithDefaultsPlansNothing(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewApprove), iAPProductImportWithDefaultsPlansNothing)
}

func iAPProductImportWithDefaultsPlansNothing(t *testing.T, inst *catalogEnv) {
	created := changeOutOfBand(t, inst, "POST", "/iap-products", map[string]any{
		"type": "CONSUMABLE", "name": "보석 100개", "description": "게임 내 보석 100개 지급", "price": 1000,
		"iconImgUrl": "https://cdn.example.com/gems-100.png", "postInspectionStatus": "INACTIVE",
	})
	config := gemsHCL(inst, "")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, ResourceName: iapProductAddr, ImportState: true, ImportStateId: created["productId"].(string), ImportStatePersist: true},
			{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

func TestAccIAPProduct_invalidConfigurationIsRefusedAtPlan(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewApprove), iAPProductInvalidConfigurationIsRefusedAtPlan)
}

func iAPProductInvalidConfigurationIsRefusedAtPlan(t *testing.T, inst *catalogEnv) {
	consumable := catalogConfig(inst, `
resource "appsintoss_iap_product" "test" {
  type          = "CONSUMABLE"
  name          = %s
  description   = %s
  price         = 405
  icon_url      = "ftp://cdn.example.com/x.png"
  renewal_cycle = "MONTHLY"
  discount_policies = [{ type = "FREE_TRIAL", period = "ONE_WEEK" }]
}
`, hcl(strings.Repeat("가", 31)), hcl(strings.Repeat("나", 46)))
	subscription := catalogConfig(inst, `
resource "appsintoss_iap_product" "test" {
  type        = "SUBSCRIPTION"
  name        = "구독"
  description = "구독"
  price       = 1400010
  icon_url    = "https://cdn.example.com/x.png"
  discount_policies = [
    { type = "FREE_TRIAL", duration_months = 1 },
    { type = "NEW_SUBSCRIPTION", period = "ONE_WEEK", duration_months = 13 },
    { type = "NEW_SUBSCRIPTION", duration_months = 1, discounted_price = 2000000 },
  ]
}
`)
	tooManyPolicies := catalogConfig(inst, `
resource "appsintoss_iap_product" "test" {
  type          = "SUBSCRIPTION"
  name          = "구독"
  description   = "구독"
  price         = 9900
  icon_url      = "https://cdn.example.com/x.png"
  renewal_cycle = "YEARLY"
  discount_policies = [
    { type = "FREE_TRIAL", period = "THREE_DAYS" },
    { type = "NEW_SUBSCRIPTION", duration_months = 1, discounted_price = 100 },
    { type = "RETURNING", duration_months = 1, discounted_price = 100 },
    { type = "RETURNING", duration_months = 2, discounted_price = 200 },
  ]
}
`)
	atLimits := gemsHCL(inst, "") // checked below with 30 / 45 Korean characters
	atLimits = strings.Replace(atLimits, `"보석 100개"`, hcl(strings.Repeat("가", 30)), 1)
	atLimits = strings.Replace(atLimits, `"게임 내 보석 100개 지급"`, hcl(strings.Repeat("나", 45)), 1)

	steps := []resource.TestStep{}
	for _, want := range []string{
		`Attribute name UTF-8 character count must be between 1 and 30, got: 31`,
		`Attribute description UTF-8 character count must be between 1 and 45, got: 46`,
		`price must be a multiple of 10, got 405`,
		`Attribute icon_url must be an http:// or https:// URL`,
		`renewal_cycle applies only to type = "SUBSCRIPTION"`,
		`discount_policies apply only to type = "SUBSCRIPTION"`,
	} {
		steps = append(steps, resource.TestStep{Config: consumable, PlanOnly: true, ExpectError: messageRegexp(want)})
	}
	for _, want := range []string{
		`Attribute price value must be between 400 and 1400000, got: 1400010`,
		`A SUBSCRIPTION product needs renewal_cycle`,
		`A FREE_TRIAL policy needs period`,
		`duration_months applies only to NEW_SUBSCRIPTION and RETURNING policies`,
		`period applies only to FREE_TRIAL`,
		`Attribute discount_policies[1].duration_months value must be between 1 and 12, got: 13`,
		`A NEW_SUBSCRIPTION policy needs discounted_price`,
		`discounted_price (2000000) must be below price (1400010)`,
		`discount_policies[1] and discount_policies[2] are both NEW_SUBSCRIPTION`,
	} {
		steps = append(steps, resource.TestStep{Config: subscription, PlanOnly: true, ExpectError: messageRegexp(want)})
	}
	steps = append(steps, resource.TestStep{Config: tooManyPolicies, PlanOnly: true, ExpectError: messageRegexp(
		`Attribute discount_policies list must contain at most 3 elements, got: 4`)})
	// Limits count characters: 30 Korean characters (90 bytes) are a valid name.
	steps = append(steps, resource.TestStep{Config: atLimits, PlanOnly: true, ExpectNonEmptyPlan: true})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    steps,
	})
	if all := catalogList(t, inst, "iap-products"); len(all) != 0 {
		t.Errorf("invalid configurations created %d products", len(all))
	}
}

// An API error reaches the user with its errorCode and reason: here the per-app product cap.
func TestAccIAPProduct_productCapIsReportedWithItsCode(t *testing.T) {
	t.Parallel()
	onEachRoad(t, emulator.Config{IAPProductCap: 1}, iAPProductProductCapIsReportedWithItsCode)
}

func iAPProductProductCapIsReportedWithItsCode(t *testing.T, inst *catalogEnv) {
	changeOutOfBand(t, inst, "POST", "/iap-products", map[string]any{
		"type": "CONSUMABLE", "name": "기존 상품", "description": "이미 등록된 상품", "price": 1000,
		"iconImgUrl": "https://cdn.example.com/existing.png",
	})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: gemsHCL(inst, ""),
			ExpectError: regexpOnRoad(inst,
				`(?s)product cap is reached.*errorCode CONFLICT \(HTTP 409\).*reason:\s+"인앱\s+결제\s+상품은\s+미니앱마다\s+1개까지\s+등록할\s+수\s+있어요\."`,
				`(?s)product cap is reached.*errorCode CONFLICT, reason:\s+인앱\s+결제\s+상품은\s+미니앱마다\s+1개까지\s+등록할\s+수\s+있어요\.`),
		}},
	})
}

// Destroy deactivates the product with one DELETE. When that fails the destroy is an error and
// the product stays in state, on sale as before.
func TestAccIAPProduct_failedDestroyIsAnErrorAndKeepsTheProduct(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewApprove), iAPProductFailedDestroyIsAnErrorAndKeepsTheProduct)
}

func iAPProductFailedDestroyIsAnErrorAndKeepsTheProduct(t *testing.T, inst *catalogEnv) {
	config := gemsHCL(inst, "  exposed = true")
	var id string

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, Check: captureAttr(iapProductAddr, "product_id", &id)},
			{
				PreConfig: func() {
					inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{emulator.FaultHTTP500},
						Routes: []string{"DELETE " + catalogAPI + "/iap-products/{productId}"}})
				},
				Config:  config,
				Destroy: true,
				ExpectError: regexpOnRoad(inst, `(?s)Could not deactivate IAP product "\d+".*errorCode\s+INTERNAL_ERROR`,
					`(?s)Could not deactivate IAP product "\d+".*\(HTTP\s+500\)\s+to\s+POST\s+tools/call\s+iap_product_change_status`),
			},
			{
				PreConfig: func() { inst.ClearFaults(t) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttrPtr(iapProductAddr, "product_id", &id),
					entityField(t, inst, "iap-products", &id, "catalogStatus", "ACTIVE"),
				),
			},
		},
	})
}

// A create whose answer is lost. On the contract road the error lists every product with exactly
// this configuration — here the one just registered (once, whatever the retries) and a twin
// registered earlier, not one that differs — with the commands to import them. On the console road
// the create is never sent again, and the one product that is new and matches is adopted.
func TestAccIAPProduct_unansweredCreateListsTheCandidates(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewApprove), iAPProductUnansweredCreateListsTheCandidates)
}

func iAPProductUnansweredCreateListsTheCandidates(t *testing.T, inst *catalogEnv) {
	content := map[string]any{"type": "CONSUMABLE", "name": "보석 100개", "description": "게임 내 보석 100개 지급",
		"price": 1000, "iconImgUrl": "https://cdn.example.com/gems-100.png", "postInspectionStatus": "ACTIVE"}
	twin, _ := changeOutOfBand(t, inst, "POST", "/iap-products", content)["productId"].(string)
	content["price"] = 2000
	changeOutOfBand(t, inst, "POST", "/iap-products", content)

	loseTheAnswer := func() {
		inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{"reset_after_commit"},
			Routes: []string{"POST " + catalogAPI + "/iap-products"}})
	}
	if inst.onConsole() {
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { acctest.PreCheck(t) },
			ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				PreConfig: loseTheAnswer,
				Config:    gemsHCL(inst, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(s *terraform.State) error {
					if id := s.RootModule().Resources[iapProductAddr].Primary.ID; id == twin {
						return fmt.Errorf("the create adopted the twin %s, which existed before it", twin)
					}
					if n := inst.Stats(t).ConsoleToolCalls["iap_product_create_inspection"]; n != 1 {
						return fmt.Errorf("iap_product_create_inspection was sent %d times, want once", n)
					}
					if n := len(catalogList(t, inst, "iap-products")); n != 3 {
						return fmt.Errorf("%d products, want 3 (the twin, the other one, the adopted one)", n)
					}
					return nil
				},
			}},
		})
		return
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: loseTheAnswer,
			Config:    gemsHCL(inst, ""),
			ExpectError: regexp.MustCompile(`(?s)Could not create the IAP product: no answer.*` +
				`Apps\s+in\s+Toss\s+has\s+2\s+IAP\s+products\s+with\s+exactly\s+this\s+configuration.*` +
				`terraform import appsintoss_iap_product\.<name> ` + twin + `\n.*` +
				`terraform import appsintoss_iap_product\.<name> \d+\n.*` +
				`import \{\s+to = appsintoss_iap_product\.<name>\s+id = "` + twin + `"`),
		}},
	})
	if n := len(catalogList(t, inst, "iap-products")); n != 3 {
		t.Errorf("%d products after a retried create, want 3 (the twin, the other one, one new)", n)
	}
}

// The half-finished creates and updates: once the product exists, a review timeout, a rejection
// or a refused exposure is a warning. The apply succeeds, state holds the plan, and the next
// plans converge in place: the product is never deactivated and registered anew for it (the old
// one would keep counting toward the 30-product cap).

func TestAccIAPProduct_reviewTimeoutAtCreateKeepsTheProduct(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), iAPProductReviewTimeoutAtCreateKeepsTheProduct)
}

func iAPProductReviewTimeoutAtCreateKeepsTheProduct(t *testing.T, inst *catalogEnv) {
	config := gemsHCL(inst, "  exposed = true\n  wait_for_review = true\n  timeouts {\n    create = \"3s\"\n  }")
	var id string

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("IN_REVIEW")),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("catalog_status"), knownvalue.StringExact("NOT_REGISTERED_YET")),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("exposed"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("sku"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(
					captureAttr(iapProductAddr, "product_id", &id),
					expectOneKeptInPlace(t, inst, "iap-products"),
				),
			},
			{
				// approved later: it registers as configured, nothing left to do
				PreConfig: func() { inst.DecideReview(t, "iap-products", id, "APPROVED", "") },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(iapProductAddr, plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("catalog_status"), knownvalue.StringExact("ACTIVE")),
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttrPtr(iapProductAddr, "product_id", &id),
					expectOneKeptInPlace(t, inst, "iap-products"),
				),
			},
		},
	})
}

func TestAccIAPProduct_rejectionAtCreateIsAWarningAndAChangeResubmits(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), iAPProductRejectionAtCreateIsAWarningAndAChangeResubmits)
}

func iAPProductRejectionAtCreateIsAWarningAndAChangeResubmits(t *testing.T, inst *catalogEnv) {
	const comment = "상품명에 '무제한'을 쓸 수 없어요"
	decideWhenSubmitted(t, inst, "iap-products", "productId", "REJECTED", comment)
	renamed := strings.Replace(gemsHCL(inst, "  exposed = true"), "보석 100개\"", "보석 100개 묶음\"", 1)
	var id string

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: gemsHCL(inst, "  exposed = true\n  wait_for_review = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("REJECTED")),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("review_comment"), knownvalue.StringExact(comment)),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("catalog_status"), knownvalue.StringExact("NOT_REGISTERED_YET")),
				},
				Check: resource.ComposeTestCheckFunc(
					captureAttr(iapProductAddr, "product_id", &id),
					expectOneKeptInPlace(t, inst, "iap-products"),
				),
			},
			{
				// addressing the comment resubmits the same product
				Config: renamed,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(iapProductAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("IN_REVIEW")),
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttrPtr(iapProductAddr, "product_id", &id),
					entityField(t, inst, "iap-products", &id, "name", "보석 100개 묶음"),
					entityField(t, inst, "iap-products", &id, "reviewStatus", "IN_REVIEW"),
					expectOneKeptInPlace(t, inst, "iap-products"),
				),
			},
		},
	})
}

func TestAccIAPProduct_rejectionAfterAnUpdateIsAWarning(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), iAPProductRejectionAfterAnUpdateIsAWarning)
}

func iAPProductRejectionAfterAnUpdateIsAWarning(t *testing.T, inst *catalogEnv) {
	const comment = "가격이 설명과 맞지 않아요"
	repriced := strings.Replace(gemsHCL(inst, "  wait_for_review = true\n  timeouts {\n    update = \"30s\"\n  }"),
		"price       = 1000", "price       = 1200", 1)
	var id string

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: gemsHCL(inst, ""),
				Check:  captureAttr(iapProductAddr, "product_id", &id),
			},
			{
				PreConfig: func() {
					inst.DecideReview(t, "iap-products", id, "APPROVED", "")
					decideWhen(t, inst, "iap-products", "productId",
						func(p map[string]any) bool { return fmt.Sprint(p["price"]) == "1200" }, "REJECTED", comment)
				},
				Config: repriced,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(iapProductAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("price"), knownvalue.Int64Exact(1200)),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("gross_price"), knownvalue.Int64Exact(1320)),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("REJECTED")),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("review_comment"), knownvalue.StringExact(comment)),
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttrPtr(iapProductAddr, "product_id", &id),
					expectOneKeptInPlace(t, inst, "iap-products"),
				),
			},
		},
	})
}

// The exposure is refused. A console user hides the product while it is in review, and from
// then on Apps in Toss answers the status call with 429 past every retry (today: max_retries;
// with pacing retried until the deadline: the 5 s create timeout). On approval the product
// registers hidden; the create's call to show it, as configured, is refused. The product exists,
// so the create succeeds with a warning, and the next apply shows it.
func TestAccIAPProduct_refusedExposureAtCreateIsAWarning(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), iAPProductRefusedExposureAtCreateIsAWarning)
}

func iAPProductRefusedExposureAtCreateIsAWarning(t *testing.T, inst *catalogEnv) {
	hideThenApproveWithExposureRefused(t, inst)
	config := gemsHCL(inst, "  exposed = true\n  wait_for_review = true\n  timeouts {\n    create = \"5s\"\n  }")
	var id string

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("exposed"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("APPROVED")),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("catalog_status"), knownvalue.StringExact("INACTIVE")),
				},
				// refresh shows it hidden: the next plan shows it, in place
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(iapProductAddr, plancheck.ResourceActionUpdate),
					},
				},
				Check: resource.ComposeTestCheckFunc(
					captureAttr(iapProductAddr, "product_id", &id),
					expectOneKeptInPlace(t, inst, "iap-products"),
				),
			},
			{
				PreConfig: func() { inst.ClearFaults(t) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(iapProductAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttrPtr(iapProductAddr, "product_id", &id),
					entityField(t, inst, "iap-products", &id, "catalogStatus", "ACTIVE"),
					expectOneKeptInPlace(t, inst, "iap-products"),
				),
			},
		},
	})
}

// hideThenApproveWithExposureRefused plays, in the background, a console user and the reviewer:
// once a product is submitted, it is hidden (status INACTIVE), the status route starts answering
// 429 to everyone, and the product is approved. It runs until the test ends. Calls from here
// cannot fail the test (they are not on its goroutine); what they cause is checked by the test.
func hideThenApproveWithExposureRefused(t *testing.T, inst *catalogEnv) {
	t.Helper()
	refusals := inst.faultsOnRoad(t, refuseWithRateLimit(iapProductStatusRoute))
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go func() {
		for ctx.Err() == nil {
			for _, p := range submittedEntities(t, inst, "iap-products") {
				id, _ := p["productId"].(string)
				_, _ = inst.RawDo(t, http.MethodPut, catalogAPI+"/iap-products/"+id+"/status/INACTIVE", nil,
					map[string]string{"Idempotency-Key": uuid.NewString()})
				_, _ = inst.RawDo(t, http.MethodPost, "/_emulator/faults", refusals, nil)
				_, _ = inst.RawDo(t, http.MethodPost, "/_emulator/reviews/iap-products/"+id,
					map[string]any{"status": "APPROVED"}, nil)
				return
			}
			select {
			case <-ctx.Done():
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
}

// wait_for_review and timeouts live in Terraform alone, and so does the spelling of "no offers":
// after a rejection, changing only them plans an update that sends nothing (every plan here runs
// without refresh, so the apply's own requests are all the emulator sees).
func TestAccIAPProduct_changingOnlyWaitForReviewOrTimeoutsCallsNothing(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), iAPProductChangingOnlyWaitForReviewOrTimeoutsCallsNothing)
}

func iAPProductChangingOnlyWaitForReviewOrTimeoutsCallsNothing(t *testing.T, inst *catalogEnv) {
	decideWhenSubmitted(t, inst, "iap-products", "productId", "REJECTED", "아이콘이 흐려요")
	var before int64

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		AdditionalCLIOptions:     noRefresh,
		Steps: []resource.TestStep{
			{
				Config: gemsHCL(inst, "  exposed = true\n  wait_for_review = true"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("REJECTED")),
				},
			},
			{
				PreConfig: func() { before = inst.providerCalls(t) },
				Config:    gemsHCL(inst, "  exposed = true\n  discount_policies = []\n  timeouts {\n    update = \"1h\"\n  }"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(iapProductAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("wait_for_review"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("REJECTED")),
				},
				Check: resource.ComposeTestCheckFunc(
					expectNoRequestSince(t, inst, &before),
					expectOneKeptInPlace(t, inst, "iap-products"),
				),
			},
		},
	})
}
