package resources_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/acctest"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

func TestAccPromotionLookups(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), promotionLookups)
}

func promotionLookups(t *testing.T, inst *catalogEnv) {
	c := catalogFiller(t, inst)
	ctx := context.Background()
	create := must[*client.Promotion](t)
	attendance := create(c.CreatePromotion(ctx, client.PromotionInput{Name: "출석 이벤트", MissionName: "출석하기",
		BenefitTabExposed: true, LandingURL: "intoss://demo-app/attend", TotalBudget: 1_000_000,
		MaxAmountPerUserPerDay: 100, GrantType: client.GrantFixed, Amount: 10}))
	quiz := create(c.CreatePromotion(ctx, client.PromotionInput{Name: "퀴즈", MissionName: "퀴즈 참여하기",
		TotalBudget: 50_000, MaxAmountPerUserPerDay: 500, GrantType: client.GrantRandomMax, Amount: 500}))
	inst.DecideReview(t, "promotions", attendance.PromotionCode, "APPROVED", "")
	must[*client.Promotion](t)(c.SetPromotionStatus(ctx, attendance.PromotionCode, client.PromotionRunning))

	const one = "data.appsintoss_promotion.attendance"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: lookupProvider(inst) + "data \"appsintoss_promotion\" \"x\" {\n  promotion_code = \"01JPPJ6SB66BQXXDAKRQZ6SZD7\"\n}\n",
				ExpectError: regexpOnRoad(inst, `(?s)Promotion not found.*01JPPJ6SB66BQXXDAKRQZ6SZD7.*errorCode\s+NOT_FOUND`,
					`(?s)Promotion not found.*01JPPJ6SB66BQXXDAKRQZ6SZD7.*absent\s+from\s+the\s+promotion_list\s+answer`),
			},
			{
				Config:      lookupProvider(inst) + fmt.Sprintf("data \"appsintoss_promotion\" \"x\" {\n  promotion_code = %q\n}\n", "TEST_"+quiz.PromotionCode),
				ExpectError: regexp.MustCompile(`(?s)without the TEST_ prefix`),
			},
			{
				Config:      lookupProvider(inst) + "data \"appsintoss_promotions\" \"x\" {\n  status = \"PAUSED\"\n}\n",
				ExpectError: regexp.MustCompile(`(?s)status.*READY`),
			},
			{
				Config: lookupProvider(inst) + fmt.Sprintf(`
data "appsintoss_promotion" "attendance" {
  promotion_code = %q
}
data "appsintoss_promotions" "all" {}
data "appsintoss_promotions" "running" {
  status = "RUNNING"
}
data "appsintoss_promotions" "ready_in_review" {
  status        = "READY"
  review_status = "IN_REVIEW"
}
data "appsintoss_promotions" "none" {
  status = "ENDED"
}
`, attendance.PromotionCode),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(one, tfjsonpath.New("test_promotion_code"), knownvalue.StringExact("TEST_"+attendance.PromotionCode)),
					statecheck.ExpectKnownValue(one, tfjsonpath.New("name"), knownvalue.StringExact("출석 이벤트")),
					statecheck.ExpectKnownValue(one, tfjsonpath.New("mission_name"), knownvalue.StringExact("출석하기")),
					statecheck.ExpectKnownValue(one, tfjsonpath.New("benefit_tab_exposed"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(one, tfjsonpath.New("landing_url"), knownvalue.StringExact("intoss://demo-app/attend")),
					statecheck.ExpectKnownValue(one, tfjsonpath.New("total_budget"), knownvalue.Int64Exact(1_000_000)),
					statecheck.ExpectKnownValue(one, tfjsonpath.New("max_amount_per_user_per_day"), knownvalue.Int64Exact(100)),
					statecheck.ExpectKnownValue(one, tfjsonpath.New("grant_type"), knownvalue.StringExact("FIXED")),
					statecheck.ExpectKnownValue(one, tfjsonpath.New("amount"), knownvalue.Int64Exact(10)),
					statecheck.ExpectKnownValue(one, tfjsonpath.New("status"), knownvalue.StringExact("RUNNING")),
					statecheck.ExpectKnownValue(one, tfjsonpath.New("review_status"), knownvalue.StringExact("APPROVED")),
					statecheck.ExpectKnownValue(one, tfjsonpath.New("budget_used"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue("data.appsintoss_promotions.all", tfjsonpath.New("promotions"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue("data.appsintoss_promotions.running", tfjsonpath.New("promotions"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"promotion_code": knownvalue.StringExact(attendance.PromotionCode)}),
					})),
					statecheck.ExpectKnownValue("data.appsintoss_promotions.ready_in_review", tfjsonpath.New("promotions"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"promotion_code": knownvalue.StringExact(quiz.PromotionCode),
							"grant_type": knownvalue.StringExact("RANDOM_MAX"), "landing_url": knownvalue.Null()}),
					})),
					statecheck.ExpectKnownValue("data.appsintoss_promotions.none", tfjsonpath.New("promotions"), knownvalue.ListSizeExact(0)),
				},
			},
		},
	})
}
