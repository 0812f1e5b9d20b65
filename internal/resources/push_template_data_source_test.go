package resources_test

import (
	"context"
	"crypto/x509"
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/acctest"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

// catalogFiller is a contract client of inst's app, to fill its catalog the way the console would
// before the lookups read it (on either road: the emulator keeps one catalog). inst's reviews wait
// for inst.DecideReview, so a test can hold entities in every review state.
func catalogFiller(t *testing.T, inst *catalogEnv) *client.Client {
	t.Helper()
	return consoleClient(t, inst.Instance)
}

// lookupProvider is the provider block of inst's road, for lookups and list data sources.
func lookupProvider(inst *catalogEnv) string {
	return "\n" + inst.providerBlock("max_retries = 1")
}

// consoleClient is a client of the app's catalog with the app's certificate: the test's
// stand-in for someone working in the console.
func consoleClient(t *testing.T, inst *emulatortest.Instance) *client.Client {
	t.Helper()
	certPEM, err := os.ReadFile(inst.ClientCertFile)
	if err != nil {
		t.Fatal(err)
	}
	keyPEM, err := os.ReadFile(inst.ClientKeyFile)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := client.ParseCertificate("client_certificate", certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	caPEM, err := os.ReadFile(inst.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		t.Fatal("the emulator CA is not PEM")
	}
	c, err := client.New(client.Config{Endpoint: inst.URL, PayEndpoint: inst.URL,
		Certificates: []*client.Certificate{cert}, RootCAs: roots})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func must[T any](t *testing.T) func(v T, err error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func TestAccPushTemplateLookups(t *testing.T) {
	t.Parallel()
	onEachRoad(t, reviews(acctest.ReviewManual), pushTemplateLookups)
}

func pushTemplateLookups(t *testing.T, inst *catalogEnv) {
	c := catalogFiller(t, inst)
	ctx := context.Background()
	create := must[*client.PushTemplate](t)
	shipped := create(c.CreatePushTemplate(ctx, client.PushTemplateInput{Code: "ORDER_SHIPPED", Name: "배송 시작",
		Title: "배송이 시작됐어요", Body: "{{name}}님의 주문이 출발했어요", LandingURL: "intoss://demo-app/orders"}))
	restock := create(c.CreatePushTemplate(ctx, client.PushTemplateInput{Code: "RESTOCK", Name: "재입고",
		Title: "재입고 알림", Body: "다시 들어왔어요", AgreementRequired: true}))
	create(c.CreatePushTemplate(ctx, client.PushTemplateInput{Code: "PENDING_ONE", Name: "검토 중", Title: "제목", Body: "본문"}))
	inst.DecideReview(t, "push-templates", shipped.TemplateSetCode, "APPROVED", "")
	inst.DecideReview(t, "push-templates", restock.TemplateSetCode, "REJECTED", "광고성 문구는 안 돼요")

	const byCode, bySet = "data.appsintoss_push_template.by_code", "data.appsintoss_push_template.by_set"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      lookupProvider(inst) + "data \"appsintoss_push_template\" \"x\" {\n  code = \"NO_SUCH\"\n}\n",
				ExpectError: regexp.MustCompile(`(?s)Push template not found.*no push template with code "NO_SUCH"\s+\(3\s+templates`),
			},
			{
				Config: lookupProvider(inst) + "data \"appsintoss_push_template\" \"x\" {\n  template_set_code = \"demo-app-NO_SUCH\"\n}\n",
				ExpectError: regexpOnRoad(inst, `(?s)Push template not found.*template_set_code "demo-app-NO_SUCH".*errorCode\s+NOT_FOUND`,
					`(?s)Push template not found.*template_set_code "demo-app-NO_SUCH".*absent\s+from\s+the\s+push_template_list\s+answer`),
			},
			{
				Config:      lookupProvider(inst) + "data \"appsintoss_push_template\" \"x\" {\n  code = \"lower\"\n}\n",
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Value Match.*upper-case`),
			},
			{
				Config:      lookupProvider(inst) + "data \"appsintoss_push_template\" \"x\" {}\n",
				ExpectError: regexp.MustCompile(`(?s)Missing Attribute Configuration`),
			},
			{
				Config:      lookupProvider(inst) + "data \"appsintoss_push_templates\" \"x\" {\n  review_status = \"DONE\"\n}\n",
				ExpectError: regexp.MustCompile(`(?s)review_status.*IN_REVIEW`),
			},
			{
				Config: lookupProvider(inst) + fmt.Sprintf(`
data "appsintoss_push_template" "by_code" {
  code = "ORDER_SHIPPED"
}
data "appsintoss_push_template" "by_set" {
  template_set_code = %q
}
data "appsintoss_push_templates" "all" {}
data "appsintoss_push_templates" "approved" {
  review_status = "APPROVED"
}
data "appsintoss_push_templates" "in_review" {
  review_status = "IN_REVIEW"
}
`, restock.TemplateSetCode),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(byCode, tfjsonpath.New("template_set_code"), knownvalue.StringExact(shipped.TemplateSetCode)),
					statecheck.ExpectKnownValue(byCode, tfjsonpath.New("title"), knownvalue.StringExact("배송이 시작됐어요")),
					statecheck.ExpectKnownValue(byCode, tfjsonpath.New("body"), knownvalue.StringExact("{{name}}님의 주문이 출발했어요")),
					statecheck.ExpectKnownValue(byCode, tfjsonpath.New("landing_url"), knownvalue.StringExact("intoss://demo-app/orders")),
					statecheck.ExpectKnownValue(byCode, tfjsonpath.New("agreement_required"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(byCode, tfjsonpath.New("review_status"), knownvalue.StringExact("APPROVED")),
					statecheck.ExpectKnownValue(byCode, tfjsonpath.New("review_comment"), knownvalue.Null()),
					statecheck.ExpectKnownValue(bySet, tfjsonpath.New("code"), knownvalue.StringExact("RESTOCK")),
					statecheck.ExpectKnownValue(bySet, tfjsonpath.New("agreement_required"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(bySet, tfjsonpath.New("landing_url"), knownvalue.Null()),
					statecheck.ExpectKnownValue(bySet, tfjsonpath.New("review_status"), knownvalue.StringExact("REJECTED")),
					statecheck.ExpectKnownValue(bySet, tfjsonpath.New("review_comment"), knownvalue.StringExact("광고성 문구는 안 돼요")),
					statecheck.ExpectKnownValue("data.appsintoss_push_templates.all", tfjsonpath.New("templates"), knownvalue.ListSizeExact(3)),
					statecheck.ExpectKnownValue("data.appsintoss_push_templates.approved", tfjsonpath.New("templates"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"code": knownvalue.StringExact("ORDER_SHIPPED"),
							"template_set_code": knownvalue.StringExact(shipped.TemplateSetCode)}),
					})),
					statecheck.ExpectKnownValue("data.appsintoss_push_templates.in_review", tfjsonpath.New("templates"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"code": knownvalue.StringExact("PENDING_ONE")}),
					})),
				},
			},
		},
	})
}
