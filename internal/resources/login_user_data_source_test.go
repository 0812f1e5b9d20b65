package resources_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/acctest"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/resources"
)

// startRuntimeEmulator starts a fresh in-process emulator for one test (own certificates, own
// port, no rate limit).
func startRuntimeEmulator(t *testing.T) *emulatortest.Instance {
	t.Helper()
	return acctest.StartEmulator(t, emulator.Config{})
}

// runtimeProvider is acctest.ProviderBlock with one retry (the emulator has no faults here, so
// failures are answers, not flakes); extra lines are added to the block.
func runtimeProvider(inst *emulatortest.Instance, extra ...string) string {
	return "\n" + acctest.ProviderBlock(inst, append([]string{"max_retries = 1"}, extra...)...)
}

// loginKeyLines are the provider lines that configure a login decryption key and AAD.
func loginKeyLines(keyB64, aad string) []string {
	return []string{fmt.Sprintf("login_decryption_key = %q", keyB64), fmt.Sprintf("login_decryption_aad = %q", aad)}
}

// withLoginKey is loginKeyLines with the app's own key and AAD, as the console e-mails them.
func withLoginKey(inst *emulatortest.Instance) []string {
	return loginKeyLines(inst.LoginSecrets(inst.AppName))
}

// hong is the seeded test account: every personal field set.
var hong = map[string]any{
	"name": "홍길동", "phone": "01012345678", "email": "gildong@example.com", "gender": "MALE",
	"birthday": "19900101", "nationality": "LOCAL", "ci": "CI-HONG-0123456789abcdefghij",
	"agreedTerms": []string{"terms_service", "terms_privacy"},
}

// hongWith is hong plus extra fields (e.g. fixed tokens).
func hongWith(extra map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range hong {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

// hongPersonalValues is every personal value of hong, as it would appear in plain text.
var hongPersonalValues = []string{"홍길동", "01012345678", "gildong@example.com", "19900101", "CI-HONG-0123456789abcdefghij"}

// stateLacks fails when the JSON of the whole state contains any of the strings.
type stateLacks []string

func (s stateLacks) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	raw, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	for _, secret := range s {
		if strings.Contains(string(raw), secret) {
			i := strings.Index(string(raw), secret)
			resp.Error = fmt.Errorf("the state contains %q, which must not be stored: …%s…", secret, raw[max(0, i-200):min(len(raw), i+100)])
			return
		}
	}
}

// stateMarksSensitive fails unless each named attribute of the resource is marked sensitive in
// the state.
type stateMarksSensitive struct {
	address string
	attrs   []string
}

func (s stateMarksSensitive) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address != s.address {
			continue
		}
		var sensitive map[string]any
		if err := json.Unmarshal(r.SensitiveValues, &sensitive); err != nil {
			resp.Error = fmt.Errorf("%s: sensitive values: %w", s.address, err)
			return
		}
		for _, a := range s.attrs {
			if sensitive[a] != true {
				resp.Error = fmt.Errorf("%s.%s is not marked sensitive in the state", s.address, a)
				return
			}
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the state", s.address)
}

var personalAttrs = []string{"name", "phone", "email", "gender", "birthday", "nationality", "ci", "calling_code"}

func expectPersonalNull(address string) []statecheck.StateCheck {
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(address, tfjsonpath.New("personal_data_decrypted"), knownvalue.Bool(false)),
	}
	for _, a := range personalAttrs {
		checks = append(checks, statecheck.ExpectKnownValue(address, tfjsonpath.New(a), knownvalue.Null()))
	}
	return checks
}

func expectHongDecrypted(address string) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(address, tfjsonpath.New("personal_data_decrypted"), knownvalue.Bool(true)),
		statecheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact("홍길동")),
		statecheck.ExpectKnownValue(address, tfjsonpath.New("phone"), knownvalue.StringExact("01012345678")),
		statecheck.ExpectKnownValue(address, tfjsonpath.New("email"), knownvalue.StringExact("gildong@example.com")),
		statecheck.ExpectKnownValue(address, tfjsonpath.New("gender"), knownvalue.StringExact("MALE")),
		statecheck.ExpectKnownValue(address, tfjsonpath.New("birthday"), knownvalue.StringExact("19900101")),
		statecheck.ExpectKnownValue(address, tfjsonpath.New("nationality"), knownvalue.StringExact("LOCAL")),
		statecheck.ExpectKnownValue(address, tfjsonpath.New("ci"), knownvalue.StringExact("CI-HONG-0123456789abcdefghij")),
		statecheck.ExpectKnownValue(address, tfjsonpath.New("calling_code"), knownvalue.Null()),
	}
}

// hongScope is what login-me reports for hong: every personal scope, then user_key.
var hongScope = knownvalue.ListExact([]knownvalue.Check{
	knownvalue.StringExact("user_ci"), knownvalue.StringExact("user_birthday"), knownvalue.StringExact("user_nationality"),
	knownvalue.StringExact("user_name"), knownvalue.StringExact("user_phone"), knownvalue.StringExact("user_gender"),
	knownvalue.StringExact("user_email"), knownvalue.StringExact("user_key"),
})

func TestAccLoginUser_accessTokenWithoutKeyKeepsNothingPersonal(t *testing.T) {
	t.Parallel()
	inst := startRuntimeEmulator(t)
	userKey, code := inst.SeedUser(t, hong)
	access, _ := inst.LoginTokens(t, code)
	const addr = "data.appsintoss_login_user.me"

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: runtimeProvider(inst) + fmt.Sprintf(`
data "appsintoss_login_user" "me" {
  access_token = %q
}

check "login_integration" {
  assert {
    condition     = contains(data.appsintoss_login_user.me.scope, "user_key")
    error_message = "login-me no longer grants user_key"
  }
}
`, access),
			ConfigStateChecks: append([]statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("user_key"), knownvalue.Int64Exact(userKey)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("scope"), hongScope),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("agreed_terms"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("terms_service"), knownvalue.StringExact("terms_privacy")})),
				statecheck.ExpectSensitiveValue(addr, tfjsonpath.New("access_token")),
				stateLacks(hongPersonalValues),
			}, expectPersonalNull(addr)...),
		}},
	})
}

func TestAccLoginUser_refreshTokenWithKeyDecrypts(t *testing.T) {
	t.Parallel()
	inst := startRuntimeEmulator(t)
	// A fixed refresh token: the emulator never spends it, so every read of every step works
	// (an issued one works the same way until it expires or is revoked).
	userKey, _ := inst.SeedUser(t, hongWith(map[string]any{"refreshToken": "fixed-refresh-token-hong"}))
	const addr = "data.appsintoss_login_user.me"

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: runtimeProvider(inst, withLoginKey(inst)...) + `
data "appsintoss_login_user" "me" {
  refresh_token = "fixed-refresh-token-hong"
}
`,
			ConfigStateChecks: append([]statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("user_key"), knownvalue.Int64Exact(userKey)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("scope"), hongScope),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("access_token"), knownvalue.Null()),
				stateMarksSensitive{address: addr, attrs: append([]string{"refresh_token"}, personalAttrs[:7]...)},
				// The access token the read obtained is used and dropped: only JWT-shaped tokens
				// would start with eyJ.
				stateLacks{"eyJ"},
			}, expectHongDecrypted(addr)...),
		}},
	})
}

func TestAccLoginUser_userWithoutEmailHasNullEmail(t *testing.T) {
	t.Parallel()
	inst := startRuntimeEmulator(t)
	_, code := inst.SeedUser(t, map[string]any{"name": "김토스", "scopes": []string{"user_name", "user_email"}})
	access, _ := inst.LoginTokens(t, code)
	const addr = "data.appsintoss_login_user.me"

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: runtimeProvider(inst, withLoginKey(inst)...) + fmt.Sprintf(`
data "appsintoss_login_user" "me" {
  access_token = %q
}
`, access),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("김토스")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("email"), knownvalue.Null()),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("phone"), knownvalue.Null()),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("agreed_terms"), knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("scope"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("user_name"), knownvalue.StringExact("user_email"), knownvalue.StringExact("user_key")})),
			},
		}},
	})
}

func TestAccLoginUser_wrongKeyIsAClearError(t *testing.T) {
	t.Parallel()
	inst := startRuntimeEmulator(t)
	_, code := inst.SeedUser(t, hong)
	access, _ := inst.LoginTokens(t, code)
	key, aad := inst.LoginSecrets(inst.AppName)
	otherKey := make([]byte, 32)
	if _, err := rand.Read(otherKey); err != nil {
		t.Fatal(err)
	}

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: runtimeProvider(inst, loginKeyLines(base64.StdEncoding.EncodeToString(otherKey), aad)...) + fmt.Sprintf(`
data "appsintoss_login_user" "me" {
  access_token = %q
}
`, access),
				ExpectError: regexp.MustCompile(`(?s)Decrypting the login user's personal fields failed.*AES-GCM authentication\s+failed.*login_decryption_key`),
			},
			{
				Config: runtimeProvider(inst, loginKeyLines(key, aad+"-mistyped")...) + fmt.Sprintf(`
data "appsintoss_login_user" "me" {
  access_token = %q
}
`, access),
				ExpectError: regexp.MustCompile(`(?s)AES-GCM authentication\s+failed`),
			},
		},
	})
}

func TestAccLoginUser_refusedTokensSayWhatToDo(t *testing.T) {
	t.Parallel()
	inst := startRuntimeEmulator(t)
	_, code := inst.SeedUser(t, hong)
	_, refresh := inst.LoginTokens(t, code)

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: runtimeProvider(inst) + `
data "appsintoss_login_user" "me" {
  access_token = "not-a-token-the-emulator-issued"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Access token refused.*access tokens live 1 hour.*refresh_token.*errorCode\s+invalid_grant`),
			},
			{
				Config: runtimeProvider(inst) + `
data "appsintoss_login_user" "me" {
  refresh_token = "unknown-refresh-token"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Refresh token refused.*14 days.*errorCode\s+invalid_grant`),
			},
			{
				// Both or neither token: a plan-time error.
				Config: runtimeProvider(inst) + fmt.Sprintf(`
data "appsintoss_login_user" "me" {
  access_token  = "a"
  refresh_token = %q
}
`, refresh),
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination.*access_token.*refresh_token`),
			},
			{
				Config:      runtimeProvider(inst) + "data \"appsintoss_login_user\" \"me\" {}\n",
				ExpectError: regexp.MustCompile(`(?s)Missing Attribute Configuration.*access_token,refresh_token`),
			},
		},
	})
}

// A refresh token revoked through remove-by-access-token (the login was unlinked) is refused,
// and the error says what to do.
func TestAccLoginUser_revokedRefreshToken(t *testing.T) {
	t.Parallel()
	inst := startRuntimeEmulator(t)
	_, code := inst.SeedUser(t, hong)
	access, refresh := inst.LoginTokens(t, code)
	status, body := inst.Do(t, http.MethodPost, "/api-partner/v1/apps-in-toss/user/oauth2/access/remove-by-access-token",
		nil, map[string]string{"Authorization": "Bearer " + access})
	if status != http.StatusOK {
		t.Fatalf("remove-by-access-token: HTTP %d: %s", status, body)
	}

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: runtimeProvider(inst) + fmt.Sprintf(`
data "appsintoss_login_user" "me" {
  refresh_token = %q
}
`, refresh),
			ExpectError: regexp.MustCompile(`(?s)Refresh token refused.*revoked.*invalid_grant`),
		}},
	})
}

// TestAccLoginUser_logsCarryNoSecrets runs the login data source and the ephemeral session with
// the provider's logs at TRACE written to a file, then searches the file. It sets process
// environment variables, so it does not run in parallel with other tests.
func TestAccLoginUser_logsCarryNoSecrets(t *testing.T) {
	providerLogs := acctest.CaptureTraceLogs(t)

	inst := startRuntimeEmulator(t)
	_, code := inst.SeedUser(t, hongWith(map[string]any{"refreshToken": "fixed-refresh-token-for-logs"}))
	access, refresh := inst.LoginTokens(t, code)
	key, aad := inst.LoginSecrets(inst.AppName)

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: runtimeProvider(inst, withLoginKey(inst)...) + fmt.Sprintf(`
data "appsintoss_login_user" "by_access" {
  access_token = %q
}
data "appsintoss_login_user" "by_refresh" {
  refresh_token = "fixed-refresh-token-for-logs"
}
`, access),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.appsintoss_login_user.by_refresh", tfjsonpath.New("name"), knownvalue.StringExact("홍길동")),
			},
		}},
	})

	text := providerLogs()
	if !strings.Contains(text, "appsintoss.client") || !strings.Contains(text, "login-me") || !strings.Contains(text, "refresh-token") {
		t.Fatalf("the log has no client request lines; TRACE logging was not captured (%d bytes)", len(text))
	}
	secrets := append([]string{access, refresh, "fixed-refresh-token-for-logs", key, aad, "Bearer "}, hongPersonalValues...)
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("the provider log contains %q", s)
		}
	}
}

// example reads examples/<kind>/<name>/<file>: the documentation's examples are run as tests.
func example(t *testing.T, kind, name, file string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", kind, name, file))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAccExamples_dataSources applies every data source example of this issue against an
// emulator seeded to match it, and checks the outputs the examples declare.
func TestAccExamples_dataSources(t *testing.T) {
	t.Parallel()
	inst := startRuntimeEmulator(t)
	console := consoleClient(t, inst)
	ctx := context.Background()
	userKey, _ := inst.SeedUser(t, hongWith(map[string]any{"refreshToken": "fixed-refresh-token-examples"}))
	inst.CreatePayment(t, emulator.PaymentSpec{UserKey: userKey, OrderNo: "order-20250417-2", ProductDesc: "예시",
		Amount: 10, IsTestPayment: true, Status: "REFUND_SUCCESS"})
	orderID := inst.CreateIAPOrder(t, userKey, testSKU, "PAYMENT_COMPLETED")
	template := must[*client.PushTemplate](t)(console.CreatePushTemplate(ctx, client.PushTemplateInput{Code: "ORDER_SHIPPED",
		Name: "배송 시작", Title: "배송이 시작됐어요", Body: "주문이 출발했어요"}))
	promotion := must[*client.Promotion](t)(console.CreatePromotion(ctx, client.PromotionInput{Name: "출석", MissionName: "출석하기",
		TotalBudget: 10_000, MaxAmountPerUserPerDay: 10, GrantType: client.GrantFixed, Amount: 10}))
	must[*client.Promotion](t)(console.SetPromotionStatus(ctx, promotion.PromotionCode, client.PromotionRunning))
	product := must[*client.IAPProduct](t)(console.CreateIAPProduct(ctx, client.IAPProductInput{Type: client.IAPConsumable,
		Name: "프리미엄 이용권", Description: "한 달 동안 모든 수업", Price: 1000, IconImgURL: "https://cdn.example.com/premium.png"}))
	product = must[*client.IAPProduct](t)(console.GetIAPProduct(ctx, product.ProductID))

	step := func(name string, vars config.Variables, checks ...statecheck.StateCheck) resource.TestStep {
		return resource.TestStep{
			Config:            runtimeProvider(inst) + example(t, "data-sources", name, "data-source.tf"),
			ConfigVariables:   vars,
			ConfigStateChecks: checks,
		}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			step("appsintoss_client_certificate", nil,
				statecheck.ExpectKnownValue("data.appsintoss_client_certificate.this", tfjsonpath.New("common_name"), knownvalue.StringExact(inst.AppName))),
			step("appsintoss_login_user", config.Variables{"test_account_refresh_token": config.StringVariable("fixed-refresh-token-examples")},
				statecheck.ExpectKnownOutputValue("test_account_user_key", knownvalue.Int64Exact(userKey)),
				stateLacks(hongPersonalValues)),
			step("appsintoss_payment", config.Variables{"buyer_user_key": config.IntegerVariable(userKey)},
				statecheck.ExpectKnownOutputValue("payment_status", knownvalue.StringExact("REFUND_SUCCESS")),
				statecheck.ExpectKnownOutputValue("payment_refundable_amount", knownvalue.Int64Exact(0))),
			step("appsintoss_iap_order", config.Variables{"order_id": config.StringVariable(orderID)},
				statecheck.ExpectKnownOutputValue("iap_order_paid", knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValue("iap_order_sku", knownvalue.StringExact(testSKU))),
			step("appsintoss_push_template", nil,
				statecheck.ExpectKnownOutputValue("order_shipped_template_set_code", knownvalue.StringExact(template.TemplateSetCode))),
			step("appsintoss_push_templates", nil,
				statecheck.ExpectKnownOutputValue("approved_template_set_codes", knownvalue.MapExact(map[string]knownvalue.Check{
					"ORDER_SHIPPED": knownvalue.StringExact(template.TemplateSetCode)}))),
			step("appsintoss_promotion", config.Variables{"promotion_code": config.StringVariable(promotion.PromotionCode)},
				statecheck.ExpectKnownOutputValue("promotion_code_to_grant_with", knownvalue.StringExact(promotion.PromotionCode))),
			step("appsintoss_promotions", nil,
				statecheck.ExpectKnownOutputValue("running_promotions", knownvalue.MapExact(map[string]knownvalue.Check{
					"출석": knownvalue.StringExact(promotion.PromotionCode)}))),
			step("appsintoss_iap_product", config.Variables{"premium_product_id": config.StringVariable(product.ProductID)},
				statecheck.ExpectKnownOutputValue("premium_sku", knownvalue.StringExact(product.SKU)),
				statecheck.ExpectKnownOutputValue("premium_sale_price_krw", knownvalue.Int64Exact(1100))),
			step("appsintoss_iap_products", nil,
				statecheck.ExpectKnownOutputValue("skus_on_sale", knownvalue.MapExact(map[string]knownvalue.Check{
					"프리미엄 이용권": knownvalue.StringExact(product.SKU)}))),
		},
	})
}

// TestRuntimeSchemasDescribeEveryAttribute: the docs are generated from MarkdownDescription, so
// every attribute of this data sources and ephemeral resource must have one, and personal
// and secret attributes must be sensitive while identifiers must not.
func TestRuntimeSchemasDescribeEveryAttribute(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sensitive := map[string]bool{"access_token": true, "refresh_token": true, "pay_token": true,
		"name": true, "phone": true, "email": true, "gender": true, "birthday": true, "nationality": true, "ci": true, "calling_code": true}
	loginTypes := map[string]bool{"appsintoss_login_user": true, "appsintoss_login_session": true}

	var walk func(typeName, prefix string, attrs map[string]describedAttribute)
	walk = func(typeName, prefix string, attrs map[string]describedAttribute) {
		for name, a := range attrs {
			if a.GetMarkdownDescription() == "" {
				t.Errorf("%s: %s%s has no MarkdownDescription", typeName, prefix, name)
			}
			if loginTypes[typeName] || name == "pay_token" {
				if want := sensitive[name] && prefix == ""; a.IsSensitive() != want {
					t.Errorf("%s: %s%s sensitive = %v, want %v", typeName, prefix, name, a.IsSensitive(), want)
				}
			} else if a.IsSensitive() {
				t.Errorf("%s: %s%s is sensitive", typeName, prefix, name)
			}
			if nested, ok := a.(dsschema.ListNestedAttribute); ok {
				walk(typeName, prefix+name+".", described(nested.NestedObject.Attributes))
			}
		}
	}
	for _, newDS := range resources.DataSources() {
		ds := newDS()
		var meta datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "appsintoss"}, &meta)
		if meta.TypeName == "appsintoss_client_certificate" {
			continue // not this issue's
		}
		var resp datasource.SchemaResponse
		ds.Schema(ctx, datasource.SchemaRequest{}, &resp)
		if resp.Schema.MarkdownDescription == "" {
			t.Errorf("%s has no MarkdownDescription", meta.TypeName)
		}
		walk(meta.TypeName, "", described(resp.Schema.Attributes))
	}
	for _, newER := range resources.EphemeralResources() {
		er := newER()
		var meta ephemeral.MetadataResponse
		er.Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: "appsintoss"}, &meta)
		var resp ephemeral.SchemaResponse
		er.Schema(ctx, ephemeral.SchemaRequest{}, &resp)
		if resp.Schema.MarkdownDescription == "" {
			t.Errorf("%s has no MarkdownDescription", meta.TypeName)
		}
		walk(meta.TypeName, "", described(resp.Schema.Attributes))
	}
}

// describedAttribute is what data source and ephemeral resource attributes share.
type describedAttribute interface {
	GetMarkdownDescription() string
	IsSensitive() bool
}

func described[A describedAttribute](attrs map[string]A) map[string]describedAttribute {
	out := make(map[string]describedAttribute, len(attrs))
	for name, a := range attrs {
		out[name] = a
	}
	return out
}
