package resources_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

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

// gemsHCL is a consumable product with the given extra lines.
func gemsHCL(inst *emulatortest.Instance, extra string) string {
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
	inst := catalogEmulator(t, acctest.ReviewApprove)
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
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("product_id"), knownvalue.NotNull()),
					statecheck.CompareValuePairs(iapProductAddr, tfjsonpath.New("id"), iapProductAddr, tfjsonpath.New("product_id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("sku"), knownvalue.StringRegexp(regexp.MustCompile(`^ait\.`))),
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
	inst := catalogEmulator(t, acctest.ReviewManual)
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

// `exposed` is a wish until the first approval; from then on refresh reports the catalogue state,
// and a change in the console is planned back.
func TestAccIAPProduct_exposedConvergesAndDriftIsPlannedBack(t *testing.T) {
	t.Parallel()
	inst := catalogEmulator(t, acctest.ReviewManual)
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
					statecheck.ExpectKnownValue(iapProductAddr, tfjsonpath.New("sku"), knownvalue.NotNull()),
				},
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
	inst := catalogEmulator(t, acctest.ReviewManual)
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
	inst := catalogEmulator(t, acctest.ReviewApprove)
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
	inst := catalogEmulator(t, acctest.ReviewApprove)
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
		`Attribute discount_policies list must contain at least 1 elements and at most 3 elements, got: 4`)})
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
	inst := acctest.StartEmulator(t, emulator.Config{IAPProductCap: 1})
	changeOutOfBand(t, inst, "POST", "/iap-products", map[string]any{
		"type": "CONSUMABLE", "name": "기존 상품", "price": 1000,
	})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      gemsHCL(inst, ""),
			ExpectError: regexp.MustCompile(`(?s)product cap is reached.*errorCode CONFLICT \(HTTP 409\).*reason:\s+"인앱\s+결제\s+상품은\s+미니앱마다\s+1개까지\s+등록할\s+수\s+있어요\."`),
		}},
	})
}

func TestAccIAPProduct_rejectedReviewQuotesTheComment(t *testing.T) {
	t.Parallel()
	inst := catalogEmulator(t, acctest.ReviewManual)
	decideWhenSubmitted(t, inst, "iap-products", "productId", "REJECTED", "상품명에 '무제한'을 쓸 수 없어요")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      gemsHCL(inst, "  wait_for_review = true"),
				ExpectError: regexp.MustCompile(`(?s)Review of the IAP product "\d+" rejected.*상품명에\s+'무제한'을\s+쓸\s+수\s+없어요`),
			},
			{
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(iapProductAddr, "review_status", "REJECTED"),
					resource.TestCheckResourceAttr(iapProductAddr, "catalog_status", "NOT_REGISTERED_YET"),
				),
			},
		},
	})
}

func TestAccIAPProduct_reviewTimeoutSaysHowToRaiseIt(t *testing.T) {
	t.Parallel()
	inst := catalogEmulator(t, acctest.ReviewManual)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      gemsHCL(inst, "  wait_for_review = true\n  timeouts {\n    create = \"1s\"\n  }"),
				ExpectError: regexp.MustCompile(`(?s)not decided in time.*timeouts \{\s+create = "72h"`),
			},
			{
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check:              resource.TestCheckResourceAttr(iapProductAddr, "review_status", "IN_REVIEW"),
			},
		},
	})
}
