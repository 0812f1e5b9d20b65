package provider_test

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/acctest"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

// TestAccSecrets_traceLogOfAFullRunCarriesNoSecret runs a whole lifecycle — catalog create,
// update and destroy, login reads by access and by refresh token with personal fields decrypted —
// with every log at TRACE, then searches what the provider process wrote for each secret it
// handled. It sets environment variables, so it does not run in parallel.
func TestAccSecrets_traceLogOfAFullRunCarriesNoSecret(t *testing.T) {
	providerLogs := acctest.CaptureTraceLogs(t)
	inst := acctest.StartEmulator(t, emulator.Config{})

	personal := map[string]any{
		"name": "김보안", "phone": "01055554444", "email": "secret-person@example.com", "gender": "FEMALE",
		"birthday": "19880808", "nationality": "LOCAL", "ci": "CI-SECRET-9f8e7d6c5b4a",
	}
	_, code := inst.SeedUser(t, personal)
	access, refresh := inst.LoginTokens(t, code)
	decryptionKey, aad := inst.LoginSecrets(inst.AppName)
	// The decryption key reaches the provider through the environment, as in CI.
	t.Setenv("APPSINTOSS_LOGIN_DECRYPTION_KEY", decryptionKey)
	t.Setenv("APPSINTOSS_LOGIN_DECRYPTION_AAD", aad)
	keyPEM, err := os.ReadFile(inst.ClientKeyFile)
	if err != nil {
		t.Fatal(err)
	}

	config := func(title string) string {
		return acctest.ProviderBlock(inst) + fmt.Sprintf(`
resource "appsintoss_push_template" "t" {
  code  = "SECRET_SCAN"
  name  = "로그 점검"
  title = %q
  body  = "{{name}}님 안녕하세요"
}

resource "appsintoss_promotion" "p" {
  name                        = "로그 점검 프로모션"
  mission_name                = "점검하기"
  total_budget                = 1000
  max_amount_per_user_per_day = 10
  grant_type                  = "FIXED"
  amount                      = 10
}

resource "appsintoss_iap_product" "i" {
  type        = "CONSUMABLE"
  name        = "점검 코인"
  description = "로그 점검용"
  price       = 1000
  icon_url    = "https://static.example.com/coin.png"
}

data "appsintoss_login_user" "by_access" {
  access_token = %q
}

data "appsintoss_login_user" "by_refresh" {
  refresh_token = %q
}
`, title, access, refresh)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config("첫 제목"),
				Check:  resource.TestCheckResourceAttr("data.appsintoss_login_user.by_refresh", "name", "김보안"),
			},
			{Config: config("바뀐 제목")},
		},
	})

	logs := providerLogs()
	for _, proof := range []string{"catalog/push-templates", "login-me", "refresh-token", "[TRACE] appsintoss.client: response body"} {
		if !strings.Contains(logs, proof) {
			t.Fatalf("the TRACE log lacks %q: logging was not captured, so this test would prove nothing", proof)
		}
	}
	secrets := map[string]string{
		"access token": access, "refresh token": refresh, "Authorization header": "Bearer ",
		// Access tokens are JWTs: this also catches the ones the provider obtained by refreshing.
		"renewed access token (JWT)": "eyJ",
		"decryption key":             decryptionKey, "decryption AAD": aad,
		"private key PEM": "PRIVATE KEY", "private key body": strings.Split(string(keyPEM), "\n")[1],
	}
	for field, value := range personal {
		secrets["personal field "+field] = fmt.Sprint(value)
	}
	for what, value := range secrets {
		if strings.Contains(logs, value) {
			t.Errorf("the provider's TRACE log contains the %s", what)
		}
	}

	// The personal fields travel encrypted, with a fresh IV in every answer, so their ciphertexts
	// cannot be known in advance: instead, anything in the log that decrypts with the app's key is
	// a leaked personal field.
	for field := range personal {
		if !strings.Contains(logs, `\"`+field+`\":\"***\"`) && !strings.Contains(logs, `"`+field+`":"***"`) {
			t.Errorf("the TRACE log has no redacted %s: either login-me's answer was not logged (and the scan below would prove nothing) or the field is not redacted", field)
		}
	}
	for _, candidate := range base64Run.FindAllString(logs, -1) {
		if plain, err := emulator.DecryptPersonalField(decryptionKey, aad, candidate); err == nil {
			t.Errorf("the provider's TRACE log contains an encrypted personal field (it decrypts to a value of %d bytes)", len(plain))
		}
	}
}

// TestAccSecrets_traceLogOfAConsoleRunCarriesNoSecret is the same search over a run on the console
// road: sign-in, a refresh of the expired access token (so that new tokens pass through the
// provider too), catalog create, update and destroy through the gateway. No access token, refresh
// token or Authorization value may appear in what the provider process wrote. It sets environment
// variables, so it does not run in parallel.
func TestAccSecrets_traceLogOfAConsoleRunCarriesNoSecret(t *testing.T) {
	providerLogs := acctest.CaptureTraceLogs(t)
	inst := acctest.StartConsoleEmulator(t, emulator.Config{})
	file := acctest.ConsoleCredentialsFile(t, inst)
	issued, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var first struct{ AccessToken, RefreshToken string }
	if err := json.Unmarshal(issued, &first); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(issued, &m); err != nil {
		t.Fatal(err)
	}
	m["expiry"] = time.Now().Add(-time.Minute).UTC().Format(time.RFC3339) // the provider must refresh
	expired, _ := json.Marshal(m)
	if err := os.WriteFile(file, expired, 0o600); err != nil {
		t.Fatal(err)
	}

	config := func(title string) string {
		return acctest.ConsoleProviderBlock(inst, file) + fmt.Sprintf(`
resource "appsintoss_push_template" "t" {
  code  = "SECRET_SCAN"
  name  = "로그 점검"
  title = %q
  body  = "{{name}}님 안녕하세요"
}

resource "appsintoss_promotion" "p" {
  name                        = "로그 점검 프로모션"
  mission_name                = "점검하기"
  total_budget                = 1000
  max_amount_per_user_per_day = 10
  grant_type                  = "FIXED"
  amount                      = 10
}
`, title)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config("첫 제목")}, {Config: config("바뀐 제목")}},
	})

	var renewed struct{ AccessToken, RefreshToken string }
	refreshed, err := os.ReadFile(file)
	if err != nil || json.Unmarshal(refreshed, &renewed) != nil {
		t.Fatalf("reading the written-back credentials: %v", err)
	}
	if renewed.AccessToken == first.AccessToken {
		t.Fatal("the provider did not refresh the access token: the scan would miss the tokens it obtains")
	}
	logs := providerLogs()
	for _, proof := range []string{"[DEBUG] appsintoss.console: tools/call", "[TRACE] appsintoss.console: tools/call arguments",
		"[TRACE] appsintoss.console: tools/call result", "push_template_update"} {
		if !strings.Contains(logs, proof) {
			t.Fatalf("the TRACE log lacks %q: console logging was not captured, so this test would prove nothing", proof)
		}
	}
	for what, value := range map[string]string{
		"issued access token": first.AccessToken, "issued refresh token": first.RefreshToken,
		"refreshed access token": renewed.AccessToken, "refreshed refresh token": renewed.RefreshToken,
		"Authorization header": "Bearer ", "any access token (JWT)": "eyJ",
	} {
		if value == "" {
			t.Fatalf("the %s is empty: nothing to search for", what)
		}
		if strings.Contains(logs, value) {
			t.Errorf("the provider's TRACE log contains the %s", what)
		}
	}
}

// base64Run matches what could be an encrypted personal field: standard Base64 of at least the
// IV, the tag and one byte (29 bytes, 40 characters).
var base64Run = regexp.MustCompile(`[A-Za-z0-9+/]{40,}={0,2}`)
