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
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

const promotionAddr = "appsintoss_promotion.test"

// Promotion codes are ULIDs the server makes up: only their shape is known.
var (
	promotionCodePattern     = regexp.MustCompile(`^[0-7][0-9A-HJKMNP-TV-Z]{25}$`)
	testPromotionCodePattern = regexp.MustCompile(`^TEST_[0-7][0-9A-HJKMNP-TV-Z]{25}$`)
)

// promotionHCL is a promotion with the given extra lines on top of the required attributes.
func promotionHCL(inst *catalogEnv, extra string) string {
	return catalogConfig(inst, `
resource "appsintoss_promotion" "test" {
  name                        = "출석 체크 이벤트"
  mission_name                = "출석체크하기"
  total_budget                = 1000000
  max_amount_per_user_per_day = 100
  grant_type                  = "FIXED"
  amount                      = 10
%s
}
`, extra)
}

func TestAccPromotion_lifecycle(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewApprove), promotionLifecycle)
}

func promotionLifecycle(t *testing.T, inst *catalogEnv) {
	full := catalogConfig(inst, `
resource "appsintoss_promotion" "test" {
  name                        = "친구 초대 이벤트"
  mission_name                = "친구 초대하기"
  landing_url                 = "intoss://demo-app/invite"
  total_budget                = 5000000
  max_amount_per_user_per_day = 5000
  grant_type                  = "RANDOM_MAX"
  amount                      = 3000
  enabled                     = true
  wait_for_review             = true
}
`)
	exposedInBenefitTab := catalogConfig(inst, `
resource "appsintoss_promotion" "test" {
  name                        = "친구 초대 이벤트"
  mission_name                = "친구 초대하기"
  benefit_tab_exposed         = true
  total_budget                = 5000000
  max_amount_per_user_per_day = 5000
  grant_type                  = "RANDOM_MAX"
  amount                      = 3000
}
`)
	var first, second string

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		// destroy ends a promotion: it stays readable, ENDED
		CheckDestroy: resource.ComposeTestCheckFunc(
			entityField(t, inst, "promotions", &second, "status", "ENDED"),
		),
		Steps: []resource.TestStep{
			{
				Config: promotionHCL(inst, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("promotion_code"), knownvalue.StringRegexp(promotionCodePattern)),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("test_promotion_code"), knownvalue.StringRegexp(testPromotionCodePattern)),
					statecheck.CompareValuePairs(promotionAddr, tfjsonpath.New("id"), promotionAddr, tfjsonpath.New("promotion_code"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("benefit_tab_exposed"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("landing_url"), knownvalue.Null()),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("enabled"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("APPROVED")),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("budget_used"), knownvalue.Int64Exact(0)),
				},
				Check: resource.ComposeTestCheckFunc(
					captureAttr(promotionAddr, "promotion_code", &first),
					func(s *terraform.State) error {
						return resource.TestCheckResourceAttr(promotionAddr, "test_promotion_code", "TEST_"+first)(s)
					},
				),
			},
			{
				Config: full,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(promotionAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("status"), knownvalue.StringExact("RUNNING")),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("grant_type"), knownvalue.StringExact("RANDOM_MAX")),
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttrPtr(promotionAddr, "promotion_code", &first), // same promotion
					entityField(t, inst, "promotions", &first, "status", "RUNNING"),
					entityField(t, inst, "promotions", &first, "missionName", "친구 초대하기"),
					entityField(t, inst, "promotions", &first, "amount", 3000),
				),
			},
			{
				ResourceName:            promotionAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"wait_for_review"},
			},
			{
				Config: exposedInBenefitTab,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(promotionAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("benefit_tab_exposed"), knownvalue.Bool(true)),
				},
				Check: resource.ComposeTestCheckFunc(
					captureAttr(promotionAddr, "promotion_code", &second),
					entityField(t, inst, "promotions", &first, "status", "ENDED"), // the replaced one ended
					func(*terraform.State) error {
						if first == second {
							return fmt.Errorf("replacement kept promotion code %s", first)
						}
						return nil
					},
				),
			},
		},
	})
}

// Without wait_for_review, `enabled` converges in two applies: the first registers the promotion
// (in review: state keeps enabled = true); after the approval the plan shows the start and the
// next apply performs it.
func TestAccPromotion_enabledConvergesAfterApproval(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), promotionEnabledConvergesAfterApproval)
}

func promotionEnabledConvergesAfterApproval(t *testing.T, inst *catalogEnv) {
	enabled := promotionHCL(inst, "  enabled = true")
	disabled := promotionHCL(inst, "  enabled = false")
	var code string

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: enabled,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("IN_REVIEW")),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
				},
				Check: captureAttr(promotionAddr, "promotion_code", &code),
			},
			{
				PreConfig: func() { inst.DecideReview(t, "promotions", code, "APPROVED", "") },
				Config:    enabled,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(promotionAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("status"), knownvalue.StringExact("RUNNING")),
				},
			},
			{
				// stopped in the console: the plan starts it again
				PreConfig: func() {
					changeOutOfBand(t, inst, "POST", "/promotions/"+code+"/status", map[string]any{"status": "STOPPED"})
				},
				Config: enabled,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(promotionAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: entityField(t, inst, "promotions", &code, "status", "RUNNING"),
			},
			{
				Config: disabled,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(promotionAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("status"), knownvalue.StringExact("STOPPED")),
				},
			},
		},
	})
}

func TestAccPromotion_driftAndEndedPromotionsArePlannedBack(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewApprove), promotionDriftAndEndedPromotionsArePlannedBack)
}

func promotionDriftAndEndedPromotionsArePlannedBack(t *testing.T, inst *catalogEnv) {
	config := promotionHCL(inst, "")
	var code, next string

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, Check: captureAttr(promotionAddr, "promotion_code", &code)},
			{
				PreConfig: func() {
					changeOutOfBand(t, inst, "PUT", "/promotions/"+code, map[string]any{
						"name": "콘솔에서 바꾼 이름", "missionName": "출석체크하기", "totalBudget": 1000000,
						"maxAmountPerUserPerDay": 100, "grantType": "FIXED", "amount": 50,
					})
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(promotionAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("amount"), knownvalue.Int64Exact(10)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: entityField(t, inst, "promotions", &code, "amount", 10),
			},
			{
				// ended in the console: it can never run again, so Terraform plans a new one
				PreConfig: func() { changeOutOfBand(t, inst, "DELETE", "/promotions/"+code, nil) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(promotionAddr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					captureAttr(promotionAddr, "promotion_code", &next),
					func(*terraform.State) error {
						if next == code {
							return fmt.Errorf("the ended promotion %s is still in state", code)
						}
						return nil
					},
				),
			},
			{
				PreConfig: func() { inst.DeleteOutOfBand(t, "promotions", next) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(promotionAddr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

func TestAccPromotion_importWithDefaultsPlansNothing(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewApprove), promotionImportWithDefaultsPlansNothing)
}

func promotionImportWithDefaultsPlansNothing(t *testing.T, inst *catalogEnv) {
	created := changeOutOfBand(t, inst, "POST", "/promotions", map[string]any{
		"name": "출석 체크 이벤트", "missionName": "출석체크하기", "totalBudget": 1000000,
		"maxAmountPerUserPerDay": 100, "grantType": "FIXED", "amount": 10,
	})
	config := promotionHCL(inst, "")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, ResourceName: promotionAddr, ImportState: true, ImportStateId: created["promotionCode"].(string), ImportStatePersist: true},
			{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

func TestAccPromotion_invalidConfigurationIsRefusedAtPlan(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewApprove), promotionInvalidConfigurationIsRefusedAtPlan)
}

func promotionInvalidConfigurationIsRefusedAtPlan(t *testing.T, inst *catalogEnv) {
	invalid := catalogConfig(inst, `
resource "appsintoss_promotion" "test" {
  name                        = ""
  mission_name                = "출석 체크"
  landing_url                 = "http://example.com"
  total_budget                = 0
  max_amount_per_user_per_day = 5001
  grant_type                  = "PERCENT"
  amount                      = 0
}
`)
	amountTooHigh := catalogConfig(inst, `
resource "appsintoss_promotion" "test" {
  name                        = "이벤트"
  mission_name                = "출석체크하기"
  total_budget                = 500
  max_amount_per_user_per_day = 1000
  grant_type                  = "FIXED"
  amount                      = 2000
}
`)
	steps := []resource.TestStep{}
	for _, want := range []string{
		`Attribute name UTF-8 character count must be between 1 and 100, got: 0`,
		`Attribute mission_name must end in "하기"`,
		`Attribute landing_url must start with intoss://`,
		`Attribute total_budget value must be at least 1, got: 0`,
		`Attribute max_amount_per_user_per_day value must be between 1 and 5000, got: 5001`,
		`Attribute grant_type value must be one of`,
		`Attribute amount value must be between 1 and 5000, got: 0`,
	} {
		steps = append(steps, resource.TestStep{Config: invalid, PlanOnly: true, ExpectError: messageRegexp(want)})
	}
	for _, want := range []string{
		`amount (2000) must not exceed max_amount_per_user_per_day (1000)`,
		`amount (2000) must not exceed total_budget (500)`,
	} {
		steps = append(steps, resource.TestStep{Config: amountTooHigh, PlanOnly: true, ExpectError: messageRegexp(want)})
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    steps,
	})
	if all := catalogList(t, inst, "promotions"); len(all) != 0 {
		t.Errorf("invalid configurations created %d promotions", len(all))
	}
}

// The half-finished creates and updates: once the promotion exists, a review timeout, a
// rejection or a refused start is a warning. The apply succeeds, state holds the plan, and the
// next plans converge in place: the promotion is never ended and replaced for it.

func TestAccPromotion_reviewTimeoutAtCreateKeepsThePromotion(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), promotionReviewTimeoutAtCreateKeepsThePromotion)
}

func promotionReviewTimeoutAtCreateKeepsThePromotion(t *testing.T, inst *catalogEnv) {
	config := promotionHCL(inst, "  enabled = true\n  wait_for_review = true\n  timeouts {\n    create = \"3s\"\n  }")
	var code string

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
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("IN_REVIEW")),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
				},
				Check: resource.ComposeTestCheckFunc(
					captureAttr(promotionAddr, "promotion_code", &code),
					expectOneKeptInPlace(t, inst, "promotions"),
				),
			},
			{
				// approved later: the plan starts it in place
				PreConfig: func() { inst.DecideReview(t, "promotions", code, "APPROVED", "") },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(promotionAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttrPtr(promotionAddr, "promotion_code", &code),
					entityField(t, inst, "promotions", &code, "status", "RUNNING"),
					expectOneKeptInPlace(t, inst, "promotions"),
				),
			},
		},
	})
}

func TestAccPromotion_rejectionAtCreateIsAWarningAndAChangeResubmits(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), promotionRejectionAtCreateIsAWarningAndAChangeResubmits)
}

func promotionRejectionAtCreateIsAWarningAndAChangeResubmits(t *testing.T, inst *catalogEnv) {
	const comment = "보상을 '포인트'라고 부르면 안 돼요"
	decideWhenSubmitted(t, inst, "promotions", "promotionCode", "REJECTED", comment)
	waiting := promotionHCL(inst, "  enabled = true\n  wait_for_review = true")
	renamed := strings.Replace(promotionHCL(inst, "  enabled = true"), "출석 체크 이벤트", "출석 체크 리워드", 1)
	var code string

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: waiting,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("REJECTED")),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("review_comment"), knownvalue.StringExact(comment)),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
				},
				Check: resource.ComposeTestCheckFunc(
					captureAttr(promotionAddr, "promotion_code", &code),
					expectOneKeptInPlace(t, inst, "promotions"),
				),
			},
			{
				// addressing the comment resubmits the same promotion
				Config: renamed,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(promotionAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("IN_REVIEW")),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("review_comment"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttrPtr(promotionAddr, "promotion_code", &code),
					entityField(t, inst, "promotions", &code, "name", "출석 체크 리워드"),
					entityField(t, inst, "promotions", &code, "reviewStatus", "IN_REVIEW"),
					expectOneKeptInPlace(t, inst, "promotions"),
				),
			},
		},
	})
}

func TestAccPromotion_rejectionAfterAnUpdateIsAWarning(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), promotionRejectionAfterAnUpdateIsAWarning)
}

func promotionRejectionAfterAnUpdateIsAWarning(t *testing.T, inst *catalogEnv) {
	const comment = "미션 이름이 실제 행동과 달라요"
	renamed := strings.Replace(promotionHCL(inst, "  wait_for_review = true\n  timeouts {\n    update = \"30s\"\n  }"),
		"출석 체크 이벤트", "출석 체크 리워드", 1)
	var code string

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: promotionHCL(inst, ""),
				Check:  captureAttr(promotionAddr, "promotion_code", &code),
			},
			{
				PreConfig: func() {
					inst.DecideReview(t, "promotions", code, "APPROVED", "")
					decideWhen(t, inst, "promotions", "promotionCode",
						func(p map[string]any) bool { return p["name"] == "출석 체크 리워드" }, "REJECTED", comment)
				},
				Config: renamed,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(promotionAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("name"), knownvalue.StringExact("출석 체크 리워드")),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("REJECTED")),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("review_comment"), knownvalue.StringExact(comment)),
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttrPtr(promotionAddr, "promotion_code", &code),
					expectOneKeptInPlace(t, inst, "promotions"),
				),
			},
		},
	})
}

// The start is refused: Apps in Toss answers the status change with 429 past every retry (today:
// max_retries; with pacing retried until the deadline: the 5 s create timeout). The promotion
// exists and is approved, so the create succeeds with a warning, and the next apply starts it.
func TestAccPromotion_refusedStartAtCreateIsAWarning(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewApprove), promotionRefusedStartAtCreateIsAWarning)
}

func promotionRefusedStartAtCreateIsAWarning(t *testing.T, inst *catalogEnv) {
	config := promotionHCL(inst, "  enabled = true\n  timeouts {\n    create = \"5s\"\n  }")
	var code string

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() { inst.SetFaults(t, refuseWithRateLimit(promotionStatusRoute)) },
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					// the plan, recorded as planned; the computed values as the API showed them
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("APPROVED")),
				},
				// refresh shows it is not running: the next plan starts it, in place
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(promotionAddr, plancheck.ResourceActionUpdate),
					},
				},
				Check: resource.ComposeTestCheckFunc(
					captureAttr(promotionAddr, "promotion_code", &code),
					entityField(t, inst, "promotions", &code, "status", "READY"),
					expectOneKeptInPlace(t, inst, "promotions"),
				),
			},
			{
				PreConfig: func() { inst.ClearFaults(t) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(promotionAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttrPtr(promotionAddr, "promotion_code", &code),
					entityField(t, inst, "promotions", &code, "status", "RUNNING"),
					expectOneKeptInPlace(t, inst, "promotions"),
				),
			},
		},
	})
}

// A PUT that fails changed nothing in Apps in Toss: that stays an error, state keeps the prior
// values, and the next plan proposes the same update again (without a refresh, so that the plan
// shows what state holds).
func TestAccPromotion_failedUpdateIsAnErrorAndKeepsThePriorState(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewApprove), promotionFailedUpdateIsAnErrorAndKeepsThePriorState)
}

func promotionFailedUpdateIsAnErrorAndKeepsThePriorState(t *testing.T, inst *catalogEnv) {
	raised := strings.Replace(promotionHCL(inst, ""), "amount                      = 10", "amount                      = 20", 1)
	var code string

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		AdditionalCLIOptions:     noRefresh,
		Steps: []resource.TestStep{
			{Config: promotionHCL(inst, ""), Check: captureAttr(promotionAddr, "promotion_code", &code)},
			{
				PreConfig: func() {
					inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{"http_500"},
						Routes: []string{"PUT " + catalogAPI + "/promotions/{promotionCode}"}})
				},
				Config: raised,
				ExpectError: regexpOnRoad(inst, `(?s)Could not update promotion "[0-9A-Z]{26}".*errorCode\s+INTERNAL_ERROR`,
					`(?s)Could not update promotion "[0-9A-Z]{26}".*\(HTTP\s+500\)\s+to\s+POST\s+tools/call\s+promotion_modify`),
			},
			{
				PreConfig: func() { inst.ClearFaults(t) },
				Config:    raised,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(promotionAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("amount"), knownvalue.Int64Exact(20)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttrPtr(promotionAddr, "promotion_code", &code),
					entityField(t, inst, "promotions", &code, "amount", 20),
				),
			},
		},
	})
}

// wait_for_review and timeouts live in Terraform alone: after a rejection, changing only them
// plans an update that sends nothing (every plan here runs without refresh, so the apply's own
// requests are all the emulator sees).
func TestAccPromotion_changingOnlyWaitForReviewOrTimeoutsCallsNothing(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), promotionChangingOnlyWaitForReviewOrTimeoutsCallsNothing)
}

func promotionChangingOnlyWaitForReviewOrTimeoutsCallsNothing(t *testing.T, inst *catalogEnv) {
	decideWhenSubmitted(t, inst, "promotions", "promotionCode", "REJECTED", "예산이 너무 커요")
	var before int64

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		AdditionalCLIOptions:     noRefresh,
		Steps: []resource.TestStep{
			{
				Config: promotionHCL(inst, "  enabled = true\n  wait_for_review = true"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("REJECTED")),
				},
			},
			{
				PreConfig: func() { before = inst.providerCalls(t) },
				Config:    promotionHCL(inst, "  enabled = true\n  timeouts {\n    create = \"1h\"\n    update = \"1h\"\n  }"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(promotionAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("wait_for_review"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(promotionAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("REJECTED")),
				},
				Check: resource.ComposeTestCheckFunc(
					expectNoRequestSince(t, inst, &before),
					expectOneKeptInPlace(t, inst, "promotions"),
				),
			},
		},
	})
}

// Destroy ends the promotion with one DELETE. When that fails the destroy is an error and the
// promotion stays in state, running as before. The delete timeout bounds the call: a DELETE
// that would answer after 10 s meets a 1 s limit and fails.
func TestAccPromotion_failedDestroyIsAnErrorAndKeepsThePromotion(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewApprove), promotionFailedDestroyIsAnErrorAndKeepsThePromotion)
}

func promotionFailedDestroyIsAnErrorAndKeepsThePromotion(t *testing.T, inst *catalogEnv) {
	config := promotionHCL(inst, "  enabled = true")
	shortDelete := promotionHCL(inst, "  enabled = true\n  timeouts {\n    delete = \"1s\"\n  }")
	deleteRoute := "DELETE " + catalogAPI + "/promotions/{promotionCode}"
	var code string

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, Check: captureAttr(promotionAddr, "promotion_code", &code)},
			{
				PreConfig: func() {
					inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{"http_500"}, Routes: []string{deleteRoute}})
				},
				Config:  config,
				Destroy: true,
				ExpectError: regexpOnRoad(inst, `(?s)Could not end promotion "[0-9A-Z]{26}".*errorCode\s+INTERNAL_ERROR`,
					`(?s)Could not end promotion "[0-9A-Z]{26}".*\(HTTP\s+500\)\s+to\s+POST\s+tools/call\s+promotion_change_status`),
			},
			{
				PreConfig: func() { inst.ClearFaults(t) },
				Config:    shortDelete,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					// still in state: only the new timeout to record, no create
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(promotionAddr, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttrPtr(promotionAddr, "promotion_code", &code),
					entityField(t, inst, "promotions", &code, "status", "RUNNING"),
				),
			},
			{
				PreConfig: func() {
					inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{"latency"}, LatencyMs: 10_000,
						Routes: []string{deleteRoute}})
				},
				Config:      shortDelete,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`Could not end promotion`),
			},
			{
				// The emulator handled that DELETE after the provider gave up, as a server may: the
				// promotion stayed in state, and the refresh finds it ENDED, so the plan creates anew.
				PreConfig: func() { inst.ClearFaults(t) },
				Config:    shortDelete,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(promotionAddr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// A create whose answer is lost. On the contract road retries reuse one Idempotency-Key, so
// however often the provider retries, Apps in Toss registers one promotion; without an answer the
// provider cannot tell which promotion that is, so the error lists every promotion with exactly
// this configuration — here the one just registered and a twin registered earlier by hand, not
// one that differs — with the commands to import them. On the console road the create is never
// sent again, and the promotions that existed before it are known: a fresh list shows exactly one
// new promotion with this content, and the create adopts it.
func TestAccPromotion_unansweredCreateListsTheCandidates(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewApprove), promotionUnansweredCreateListsTheCandidates)
}

func promotionUnansweredCreateListsTheCandidates(t *testing.T, inst *catalogEnv) {
	content := map[string]any{"name": "출석 체크 이벤트", "missionName": "출석체크하기", "totalBudget": 1000000,
		"maxAmountPerUserPerDay": 100, "grantType": "FIXED", "amount": 10}
	twin, _ := changeOutOfBand(t, inst, "POST", "/promotions", content)["promotionCode"].(string)
	content["amount"] = 20
	changeOutOfBand(t, inst, "POST", "/promotions", content)

	loseTheAnswer := func() {
		inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{"reset_after_commit"},
			Routes: []string{"POST " + catalogAPI + "/promotions"}})
	}
	if inst.onConsole() {
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { acctest.PreCheck(t) },
			ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				PreConfig: loseTheAnswer,
				Config:    promotionHCL(inst, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(s *terraform.State) error {
					if code := s.RootModule().Resources[promotionAddr].Primary.ID; code == twin {
						return fmt.Errorf("the create adopted the twin %s, which existed before it", twin)
					}
					if n := inst.Stats(t).ConsoleToolCalls["promotion_create"]; n != 1 {
						return fmt.Errorf("promotion_create was sent %d times, want once", n)
					}
					if n := len(catalogList(t, inst, "promotions")); n != 3 {
						return fmt.Errorf("%d promotions, want 3 (the twin, the other one, the adopted one)", n)
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
			Config:    promotionHCL(inst, ""),
			ExpectError: regexp.MustCompile(`(?s)Could not create the promotion: no answer.*` +
				`Apps\s+in\s+Toss\s+has\s+2\s+promotions\s+with\s+exactly\s+this\s+configuration.*` +
				`terraform import appsintoss_promotion\.<name> ` + twin + `\n.*` +
				`terraform import appsintoss_promotion\.<name> [0-7][0-9A-HJKMNP-TV-Z]{25}\n.*` +
				`import \{\s+to = appsintoss_promotion\.<name>\s+id = "` + twin + `"`),
		}},
	})
	if n := len(catalogList(t, inst, "promotions")); n != 3 {
		t.Errorf("%d promotions after a retried create, want 3 (the twin, the other one, one new)", n)
	}
}
