package resources_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

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

const pushTemplateAddr = "appsintoss_push_template.test"

func TestAccPushTemplate_lifecycle(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewApprove), pushTemplateLifecycle)
}

func pushTemplateLifecycle(t *testing.T, inst *catalogEnv) {
	minimal := catalogConfig(inst, `
resource "appsintoss_push_template" "test" {
  code  = "ORDER_SHIPPED"
  name  = "배송 시작 알림"
  title = "{{name}}님, 주문하신 상품이 출발했어요"
  body  = "주문번호 {{ orderNo }}: {{name}}님의 상품이 배송을 시작했어요."
}
`)
	full := catalogConfig(inst, `
resource "appsintoss_push_template" "test" {
  code               = "ORDER_SHIPPED"
  name               = "배송 시작 알림 (v2)"
  title              = "상품이 출발했어요"
  body               = "{{orderNo}} 주문이 {{carrier}}로 출발했어요."
  landing_url        = "intoss://demo-app/orders"
  agreement_required = true
  wait_for_review    = true
  timeouts {
    update = "2m"
  }
}
`)
	renamed := strings.Replace(full, `"ORDER_SHIPPED"`, `"ORDER_DELIVERED"`, 1)
	var setCode string

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		// Destroy deletes the templates through the contract; the console has no tool that deletes
		// one, so there Terraform forgets them (with a warning) and they stay.
		CheckDestroy: func(*terraform.State) error {
			if inst.onConsole() {
				return expectKept(t, inst, "push-templates", "demo-app-ORDER_DELIVERED", "demo-app-ORDER_SHIPPED")
			}
			return expectGone(t, inst, "push-templates", "demo-app-ORDER_DELIVERED", "demo-app-ORDER_SHIPPED")
		},
		Steps: []resource.TestStep{
			{
				Config: minimal,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(pushTemplateAddr, plancheck.ResourceActionCreate),
						// variables are known at plan time, from title and body
						plancheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("variables"),
							knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("name"), knownvalue.StringExact("orderNo")})),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("template_set_code"), knownvalue.StringExact("demo-app-ORDER_SHIPPED")),
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("id"), knownvalue.StringExact("demo-app-ORDER_SHIPPED")),
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("variables"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("name"), knownvalue.StringExact("orderNo")})),
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("agreement_required"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("landing_url"), knownvalue.Null()),
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("wait_for_review"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("APPROVED")),
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("review_comment"), knownvalue.Null()),
				},
				Check: captureAttr(pushTemplateAddr, "template_set_code", &setCode),
			},
			{
				Config: full,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(pushTemplateAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("variables"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("carrier"), knownvalue.StringExact("orderNo")})),
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("landing_url"), knownvalue.StringExact("intoss://demo-app/orders")),
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("agreement_required"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("APPROVED")),
				},
				// the update reached the API
				Check: resource.ComposeTestCheckFunc(
					entityField(t, inst, "push-templates", &setCode, "name", "배송 시작 알림 (v2)"),
					entityField(t, inst, "push-templates", &setCode, "landingUrl", "intoss://demo-app/orders"),
					entityField(t, inst, "push-templates", &setCode, "agreementRequired", true),
				),
			},
			{
				ResourceName:            pushTemplateAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"wait_for_review", "timeouts"},
			},
			{
				Config: renamed,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(pushTemplateAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("template_set_code"), knownvalue.StringExact("demo-app-ORDER_DELIVERED")),
				},
				Check: func(*terraform.State) error {
					if inst.onConsole() {
						return expectKept(t, inst, "push-templates", "demo-app-ORDER_SHIPPED")
					}
					return expectGone(t, inst, "push-templates", "demo-app-ORDER_SHIPPED")
				},
			},
		},
	})
}

func TestAccPushTemplate_importWithDefaultsPlansNothing(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewApprove), pushTemplateImportWithDefaultsPlansNothing)
}

func pushTemplateImportWithDefaultsPlansNothing(t *testing.T, inst *catalogEnv) {
	changeOutOfBand(t, inst, "POST", "/push-templates", map[string]any{
		"code": "RESTOCK", "name": "재입고 알림", "title": "재입고", "body": "{{item}} 다시 들어왔어요",
	})
	config := catalogConfig(inst, `
resource "appsintoss_push_template" "test" {
  code  = "RESTOCK"
  name  = "재입고 알림"
  title = "재입고"
  body  = "{{item}} 다시 들어왔어요"
}
`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:             config,
				ResourceName:       pushTemplateAddr,
				ImportState:        true,
				ImportStateId:      "demo-app-RESTOCK",
				ImportStatePersist: true,
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

func TestAccPushTemplate_driftIsPlannedBack(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewApprove), pushTemplateDriftIsPlannedBack)
}

func pushTemplateDriftIsPlannedBack(t *testing.T, inst *catalogEnv) {
	config := catalogConfig(inst, `
resource "appsintoss_push_template" "test" {
  code  = "PRICE_DROP"
  name  = "가격 인하"
  title = "가격이 내려갔어요"
  body  = "{{item}} 가격이 내려갔어요"
}
`)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					changeOutOfBand(t, inst, "PUT", "/push-templates/demo-app-PRICE_DROP", map[string]any{
						"name": "가격 인하", "title": "콘솔에서 바꾼 제목", "body": "{{item}} 가격이 내려갔어요",
					})
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(pushTemplateAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("title"), knownvalue.StringExact("가격이 내려갔어요")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				PreConfig: func() { inst.DeleteOutOfBand(t, "push-templates", "demo-app-PRICE_DROP") },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(pushTemplateAddr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

func TestAccPushTemplate_existingCodeShowsTheImportCommand(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewApprove), pushTemplateExistingCodeShowsTheImportCommand)
}

func pushTemplateExistingCodeShowsTheImportCommand(t *testing.T, inst *catalogEnv) {
	changeOutOfBand(t, inst, "POST", "/push-templates", map[string]any{
		"code": "WELCOME", "name": "환영", "title": "환영해요", "body": "가입을 환영해요",
	})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: catalogConfig(inst, `
resource "appsintoss_push_template" "test" {
  code  = "WELCOME"
  name  = "환영"
  title = "환영해요"
  body  = "가입을 환영해요"
}
`),
			ExpectError: regexp.MustCompile(`(?s)already exists.*terraform\s+import\s+appsintoss_push_template.<name>\s+demo-app-WELCOME.*errorCode\s+CONFLICT`),
		}},
	})
}

func TestAccPushTemplate_invalidConfigurationIsRefusedAtPlan(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewApprove), pushTemplateInvalidConfigurationIsRefusedAtPlan)
}

func pushTemplateInvalidConfigurationIsRefusedAtPlan(t *testing.T, inst *catalogEnv) {
	// Every rule broken at once: each step expects one of the errors of the same plan.
	invalid := catalogConfig(inst, `
resource "appsintoss_push_template" "test" {
  code        = "welcome"
  name        = "   "
  title       = %s
  body        = %s
  landing_url = "https://example.com/promo"
}
`, hcl(strings.Repeat("가", 101)), hcl(strings.Repeat("나", 2001)))
	okAtLimits := catalogConfig(inst, `
resource "appsintoss_push_template" "test" {
  code  = "A1"
  name  = %s
  title = %s
  body  = %s
}
`, hcl(strings.Repeat("가", 100)), hcl(strings.Repeat("가", 100)), hcl(strings.Repeat("나", 2000)))

	steps := []resource.TestStep{}
	for _, want := range []string{
		`Attribute code must be an upper-case letter followed by 1–49`,
		`Attribute name must not be blank`,
		`Attribute title UTF-8 character count must be between 1 and 100, got: 101`,
		`Attribute body UTF-8 character count must be between 1 and 2000, got: 2001`,
		`Attribute landing_url must start with intoss://`,
	} {
		steps = append(steps, resource.TestStep{Config: invalid, PlanOnly: true, ExpectError: messageRegexp(want)})
	}
	// Limits count characters: 100 Korean characters (300 bytes) are a valid title.
	steps = append(steps, resource.TestStep{Config: okAtLimits, PlanOnly: true, ExpectNonEmptyPlan: true})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    steps,
	})
	if all := catalogList(t, inst, "push-templates"); len(all) != 0 {
		t.Errorf("invalid configurations created %d templates", len(all))
	}
}

// Destroy deletes the template with one DELETE. When that fails the destroy is an error and the
// template stays in state and in Apps in Toss. Only the contract road deletes templates, so only
// it can fail to.
func TestAccPushTemplate_failedDestroyIsAnErrorAndKeepsTheTemplate(t *testing.T) {
	t.Parallel()
	inst := catalogEmulator(t, acctest.ReviewApprove)
	config := eventTemplate(inst, "이벤트", "")
	setCode := eventSetCode

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{emulator.FaultHTTP500},
						Routes: []string{"DELETE " + catalogAPI + "/push-templates/{templateSetCode}"}})
				},
				Config:      config,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Could not delete push template "demo-app-EVENT".*errorCode\s+INTERNAL_ERROR`),
			},
			{
				PreConfig: func() { inst.ClearFaults(t) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: entityField(t, inst, "push-templates", &setCode, "name", "이벤트"),
			},
		},
	})
}

// The half-finished creates and updates: once the template exists, a review timeout, a rejection
// or a failed review poll is a warning. The apply succeeds, state holds the plan, and the next
// plans converge in place: the template is never deleted and created anew for it.

// eventTemplate is a template with the given extra lines.
func eventTemplate(inst *catalogEnv, name, extra string) string {
	return catalogConfig(inst, `
resource "appsintoss_push_template" "test" {
  code  = "EVENT"
  name  = %s
  title = "이벤트 시작"
  body  = "{{name}}님, 지금 참여하세요"
%s
}
`, hcl(name), extra)
}

const eventSetCode = "demo-app-EVENT"

func TestAccPushTemplate_reviewTimeoutAtCreateKeepsTheTemplate(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), pushTemplateReviewTimeoutAtCreateKeepsTheTemplate)
}

func pushTemplateReviewTimeoutAtCreateKeepsTheTemplate(t *testing.T, inst *catalogEnv) {
	config := eventTemplate(inst, "이벤트", "  wait_for_review = true\n  timeouts {\n    create = \"3s\"\n  }")

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
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("template_set_code"), knownvalue.StringExact(eventSetCode)),
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("IN_REVIEW")),
				},
				Check: expectOneKeptInPlace(t, inst, "push-templates"),
			},
			{
				// approved later: nothing left to do
				PreConfig: func() { inst.DecideReview(t, "push-templates", eventSetCode, "APPROVED", "") },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(pushTemplateAddr, plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("APPROVED")),
				},
				Check: expectOneKeptInPlace(t, inst, "push-templates"),
			},
		},
	})
}

func TestAccPushTemplate_rejectionAtCreateIsAWarningAndAChangeResubmits(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), pushTemplateRejectionAtCreateIsAWarningAndAChangeResubmits)
}

func pushTemplateRejectionAtCreateIsAWarningAndAChangeResubmits(t *testing.T, inst *catalogEnv) {
	const comment = "광고성 문구는 기능성 메시지로 보낼 수 없어요"
	decideWhenSubmitted(t, inst, "push-templates", "templateSetCode", "REJECTED", comment)
	setCode := eventSetCode

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: eventTemplate(inst, "이벤트", "  wait_for_review = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("REJECTED")),
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("review_comment"), knownvalue.StringExact(comment)),
				},
				Check: expectOneKeptInPlace(t, inst, "push-templates"),
			},
			{
				// addressing the comment resubmits the same template
				Config: eventTemplate(inst, "이벤트 안내", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(pushTemplateAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("IN_REVIEW")),
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("review_comment"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(
					entityField(t, inst, "push-templates", &setCode, "name", "이벤트 안내"),
					entityField(t, inst, "push-templates", &setCode, "reviewStatus", "IN_REVIEW"),
					expectOneKeptInPlace(t, inst, "push-templates"),
				),
			},
		},
	})
}

func TestAccPushTemplate_rejectionAfterAnUpdateIsAWarning(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), pushTemplateRejectionAfterAnUpdateIsAWarning)
}

func pushTemplateRejectionAfterAnUpdateIsAWarning(t *testing.T, inst *catalogEnv) {
	const comment = "수신 동의가 필요한 문구예요"

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: eventTemplate(inst, "이벤트", "")},
			{
				PreConfig: func() {
					inst.DecideReview(t, "push-templates", eventSetCode, "APPROVED", "")
					decideWhen(t, inst, "push-templates", "templateSetCode",
						func(p map[string]any) bool { return p["name"] == "이벤트 안내" }, "REJECTED", comment)
				},
				Config: eventTemplate(inst, "이벤트 안내", "  wait_for_review = true\n  timeouts {\n    update = \"30s\"\n  }"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(pushTemplateAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("name"), knownvalue.StringExact("이벤트 안내")),
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("REJECTED")),
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("review_comment"), knownvalue.StringExact(comment)),
				},
				Check: expectOneKeptInPlace(t, inst, "push-templates"),
			},
		},
	})
}

// Templates have no status call; what can fail after the POST is the wait. Here every read of
// the template answers HTTP 500 until the retries run out: the template exists, so the create
// succeeds with a warning and the next plan reads the review.
func TestAccPushTemplate_failedReviewPollAtCreateIsAWarning(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), pushTemplateFailedReviewPollAtCreateIsAWarning)
}

func pushTemplateFailedReviewPollAtCreateIsAWarning(t *testing.T, inst *catalogEnv) {
	config := eventTemplate(inst, "이벤트", "  wait_for_review = true\n  timeouts {\n    create = \"5s\"\n  }")

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{emulator.FaultHTTP500},
						Routes: []string{"GET " + catalogAPI + "/push-templates/{templateSetCode}"}})
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("IN_REVIEW")),
				},
				Check: resource.ComposeTestCheckFunc(
					expectOneKeptInPlace(t, inst, "push-templates"),
					// the reads work again before the step's own refresh
					func(*terraform.State) error { inst.ClearFaults(t); return nil },
				),
			},
			{
				PreConfig: func() { inst.DecideReview(t, "push-templates", eventSetCode, "APPROVED", "") },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(pushTemplateAddr, plancheck.ResourceActionNoop)},
				},
				Check: expectOneKeptInPlace(t, inst, "push-templates"),
			},
		},
	})
}

// wait_for_review and timeouts live in Terraform alone: after a rejection, changing only them
// plans an update that sends nothing (every plan here runs without refresh, so the apply's own
// requests are all the emulator sees).
func TestAccPushTemplate_changingOnlyWaitForReviewOrTimeoutsCallsNothing(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), pushTemplateChangingOnlyWaitForReviewOrTimeoutsCallsNothing)
}

func pushTemplateChangingOnlyWaitForReviewOrTimeoutsCallsNothing(t *testing.T, inst *catalogEnv) {
	decideWhenSubmitted(t, inst, "push-templates", "templateSetCode", "REJECTED", "제목이 너무 길어요")
	var before int64

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		AdditionalCLIOptions:     noRefresh,
		Steps: []resource.TestStep{
			{
				Config: eventTemplate(inst, "이벤트", "  wait_for_review = true"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("REJECTED")),
				},
			},
			{
				PreConfig: func() { before = inst.providerCalls(t) },
				Config:    eventTemplate(inst, "이벤트", "  timeouts {\n    create = \"1h\"\n    update = \"1h\"\n  }"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(pushTemplateAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("wait_for_review"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("review_status"), knownvalue.StringExact("REJECTED")),
				},
				Check: resource.ComposeTestCheckFunc(
					expectNoRequestSince(t, inst, &before),
					expectOneKeptInPlace(t, inst, "push-templates"),
				),
			},
		},
	})
}

// A create whose answer never arrives (the server applied it, the connection dropped): on the
// contract road, retries reuse one Idempotency-Key, and without an answer the error names the
// possible orphan and the import command; importing it recovers. On the console road the create
// is never sent again: a fresh list finds the template by its code and content, and the create
// adopts it. Either way exactly one template exists.
func TestAccPushTemplate_unansweredCreateEndsWithOneTemplate(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewApprove), pushTemplateUnansweredCreateEndsWithOneTemplate)
}

func pushTemplateUnansweredCreateEndsWithOneTemplate(t *testing.T, inst *catalogEnv) {
	config := catalogConfig(inst, `
resource "appsintoss_push_template" "test" {
  code  = "ORPHAN"
  name  = "고아 템플릿"
  title = "제목"
  body  = "본문"
}
`)
	loseTheAnswer := func() {
		inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{"reset_after_commit"},
			Routes: []string{"POST " + catalogAPI + "/push-templates"}})
	}
	exactlyOne := func() error {
		if n := len(catalogList(t, inst, "push-templates")); n != 1 {
			return fmt.Errorf("%d templates after the unanswered create, want 1", n)
		}
		return nil
	}
	steps := []resource.TestStep{
		{
			PreConfig:   loseTheAnswer,
			Config:      config,
			ExpectError: regexp.MustCompile(`(?s)no answer.*may have created.*terraform\s+import\s+appsintoss_push_template.<name>\s+demo-app-ORPHAN`),
		},
		{
			PreConfig: func() {
				inst.ClearFaults(t)
				if err := exactlyOne(); err != nil {
					t.Fatal(err)
				}
			},
			Config:             config,
			ResourceName:       pushTemplateAddr,
			ImportState:        true,
			ImportStateId:      "demo-app-ORPHAN",
			ImportStatePersist: true,
		},
		{
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
	}
	if inst.onConsole() {
		steps = []resource.TestStep{{
			PreConfig: loseTheAnswer,
			Config:    config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(pushTemplateAddr, tfjsonpath.New("template_set_code"), knownvalue.StringExact("demo-app-ORPHAN")),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: func(*terraform.State) error {
				if n := inst.Stats(t).ConsoleToolCalls["push_template_create"]; n != 1 {
					return fmt.Errorf("push_template_create was sent %d times, want once", n)
				}
				return exactlyOne()
			},
		}}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    steps,
	})
}
