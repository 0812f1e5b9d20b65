package resources_test

import (
	"fmt"
	"os"
	"path/filepath"
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
)

// The documentation's resource examples are run as tests: each resource.tf is applied against an
// emulator (reviews approved at once), must plan nothing afterwards, and the resource its
// import.sh names must import by the id kind the script shows.

var importCommand = regexp.MustCompile(`(?m)^terraform import (appsintoss_[a-z_]+)\.([a-z0-9_]+) (\S+)$`)

func catalogExampleFile(t *testing.T, resourceType, file string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "resources", resourceType, file))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestAccCatalogExamples(t *testing.T) {
	for _, tc := range []struct {
		resourceType string
		outputs      []statecheck.StateCheck
	}{
		{"appsintoss_push_template", []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("order_shipped_template_set_code", knownvalue.StringExact("demo-app-ORDER_SHIPPED")),
			statecheck.ExpectKnownOutputValue("order_shipped_context_keys", knownvalue.ListExact([]knownvalue.Check{
				knownvalue.StringExact("name"), knownvalue.StringExact("orderNo")})),
		}},
		{"appsintoss_promotion", []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("attendance_promotion_code", knownvalue.StringRegexp(promotionCodePattern)),
			statecheck.ExpectKnownOutputValue("attendance_test_promotion_code", knownvalue.StringRegexp(testPromotionCodePattern)),
			statecheck.CompareValuePairs("appsintoss_promotion.attendance", tfjsonpath.New("test_promotion_code"),
				"appsintoss_promotion.attendance", tfjsonpath.New("promotion_code"), testCodeOf{}),
		}},
		{"appsintoss_iap_product", []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("premium_sku", knownvalue.StringRegexp(skuOfProduct(`\d+`))),
			statecheck.ExpectKnownOutputValue("gems_sale_price_krw", knownvalue.Int64Exact(1100)),
		}},
	} {
		t.Run(tc.resourceType, func(t *testing.T) {
			t.Parallel()
			onEachRoad(t, reviews(acctest.ReviewApprove), func(t *testing.T, inst *catalogEnv) {
				catalogExampleRuns(t, inst, tc.resourceType, tc.outputs)
			})
		})
	}
}

// catalogExampleRuns applies a resource example, plans nothing after it, and imports the resource
// its import.sh names.
func catalogExampleRuns(t *testing.T, inst *catalogEnv, resourceType string, outputs []statecheck.StateCheck) {
	example := catalogExampleFile(t, resourceType, "resource.tf")
	script := catalogExampleFile(t, resourceType, "import.sh")
	m := importCommand.FindStringSubmatch(script)
	if m == nil || m[1] != resourceType {
		t.Fatalf("import.sh has no `terraform import %s.<name> <id>` line:\n%s", resourceType, script)
	}
	address := m[1] + "." + m[2]
	if !strings.Contains(example, fmt.Sprintf("resource %q %q", m[1], m[2])) {
		t.Fatalf("import.sh imports %s, which resource.tf does not declare", address)
	}
	config := inst.providerBlock() + example
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: outputs,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// without the outputs: the state shim of `terraform import` cannot hold the null
				// outputs of resources not imported yet
				Config:       withoutOutputs(config),
				ResourceName: address,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return s.RootModule().Resources[address].Primary.ID, nil
				},
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"wait_for_review", "timeouts"},
			},
		},
	})
}

// testCodeOf compares a test_promotion_code with its promotion_code: TEST_<promotion_code>.
type testCodeOf struct{}

func (testCodeOf) CompareValues(values ...any) error {
	if len(values) != 2 || values[0] != fmt.Sprint("TEST_", values[1]) {
		return fmt.Errorf("want test_promotion_code = TEST_<promotion_code>, got %v", values)
	}
	return nil
}

// withoutOutputs drops the output blocks of an example (they follow its resources).
func withoutOutputs(config string) string {
	if i := strings.Index(config, "\noutput \""); i >= 0 {
		return config[:i+1]
	}
	return config
}

// The promotion example's postcondition is what its documentation says: a rejected review fails
// the apply and every later plan, and the promotion is not replaced for it (Terraform checks the
// condition after saving the state).
func TestAccCatalogExamples_postconditionOnReviewFailsTheRunWithoutReplacing(t *testing.T) {
	t.Parallel()
	inst := catalogEmulator(t, acctest.ReviewManual)
	decideWhenSubmitted(t, inst, "promotions", "promotionCode", "REJECTED", "미션 문구를 바꿔 주세요")
	example := inst.providerBlock() + withoutOutputs(catalogExampleFile(t, "appsintoss_promotion", "resource.tf"))
	withoutCondition := lifecycleBlock.ReplaceAllString(example, "\n")
	if withoutCondition == example {
		t.Fatal("the promotion example has no lifecycle block")
	}
	failed := regexp.MustCompile(`Apps in Toss has not approved the promotion \(REJECTED\):\s+미션\s+문구를\s+바꿔\s+주세요`)

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: example, ExpectError: failed},
			{Config: example, PlanOnly: true, ExpectError: failed},
			{
				Config: withoutCondition,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("appsintoss_promotion.attendance", plancheck.ResourceActionNoop)},
				},
				Check: expectOneKeptInPlace(t, inst, "promotions"),
			},
		},
	})
}

// lifecycleBlock is a resource's lifecycle block (two-space indent) and the comment above it.
var lifecycleBlock = regexp.MustCompile(`(?s)\n(  #[^\n]*\n)*  lifecycle \{.*?\n  \}\n`)
