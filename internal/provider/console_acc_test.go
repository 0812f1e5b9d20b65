package provider_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/acctest"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

// The console road as a whole: signing in and staying signed in, a gateway whose tools are not
// the ones the provider knows, a failing gateway, the number of calls a plan costs, and bringing a
// catalog made by hand under Terraform. The catalog suites themselves run on both roads in
// internal/resources.

const welcomeTemplate = `
resource "appsintoss_push_template" "welcome" {
  code  = "WELCOME"
  name  = "환영"
  title = "환영해요"
  body  = "{{name}}님 환영해요"
}
`

// consoleCredentials is the credentials file as the provider reads it.
type consoleCredentials struct {
	AccessToken  string    `json:"accessToken"`
	RefreshToken string    `json:"refreshToken"`
	Expiry       time.Time `json:"expiry"`
}

func readCredentials(t *testing.T, file string) (consoleCredentials, os.FileMode) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var c consoleCredentials
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	return c, info.Mode().Perm()
}

// rewriteCredentials changes fields of the credentials file, keeping its mode.
func rewriteCredentials(t *testing.T, file string, change func(m map[string]any)) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	change(m)
	if data, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// wrapped compiles a pattern whose spaces match any run of white space: Terraform wraps the
// lines of a diagnostic where it likes.
func wrapped(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}

// movableClock is the emulator's clock: the wall clock moved by an offset the test sets.
type movableClock struct{ offset atomic.Int64 }

func (c *movableClock) now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

func (c *movableClock) advance(d time.Duration) { c.offset.Add(int64(d)) }

// An access token that expired is replaced through the token endpoint with the refresh token, and
// the new token set is written back to the credentials file, still private. Two ways to find out:
// the file says it expired (the provider refreshes before sending), or only the gateway knows (it
// answers 401, and the provider refreshes then).
func TestAccConsole_expiredAccessTokenIsRefreshedAndWrittenBack(t *testing.T) {
	t.Parallel()
	for name, expire := range map[string]func(t *testing.T, clock *movableClock, file string){
		"expiry in the file": func(t *testing.T, _ *movableClock, file string) {
			rewriteCredentials(t, file, func(m map[string]any) {
				m["expiry"] = time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
			})
		},
		"refused by the gateway": func(_ *testing.T, clock *movableClock, _ string) { clock.advance(2 * time.Hour) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := &movableClock{}
			inst := acctest.StartConsoleEmulator(t, emulator.Config{Now: clock.now, ConsoleTokenLifetime: time.Hour})
			file := acctest.ConsoleCredentialsFile(t, inst)
			before, _ := readCredentials(t, file)
			expire(t, clock, file)

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: acctest.ConsoleProviderBlock(inst, file) + welcomeTemplate,
					Check: func(*terraform.State) error {
						after, mode := readCredentials(t, file)
						switch {
						case after.AccessToken == before.AccessToken:
							return fmt.Errorf("the credentials file still holds the expired access token")
						case after.RefreshToken == "":
							return fmt.Errorf("the written-back credentials lost the refresh token")
						case !after.Expiry.After(before.Expiry):
							return fmt.Errorf("the new expiry %s is not later than the old %s", after.Expiry, before.Expiry)
						case mode != 0o600:
							return fmt.Errorf("the credentials file is now %04o, want 0600", mode)
						}
						return nil
					},
				}},
			})
		})
	}
}

// Revoked credentials stop the plan with what to do: sign in again with `appsintoss login`, and,
// when they came from APPSINTOSS_CONSOLE_CREDENTIALS, update that secret.
func TestAccConsole_revokedCredentialsAskForALogin(t *testing.T) {
	t.Parallel()
	inst := acctest.StartConsoleEmulator(t, emulator.Config{})
	file := acctest.ConsoleCredentialsFile(t, inst)
	config := acctest.ConsoleProviderBlock(inst, file) + welcomeTemplate
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() { inst.RevokeConsole(t) },
				Config:    config,
				PlanOnly:  true,
				ExpectError: wrapped(`(?s)Console sign-in required.*can no longer be used: the authorization ` +
					`server refused the refresh token \(invalid_grant.*Run\s+` + "`" + `appsintoss\s+login\s+` +
					`--credentials-file\s+` + regexp.QuoteMeta(file) + "`"),
			},
			{
				// signing in again is all it takes
				PreConfig: func() {
					if err := os.WriteFile(file, inst.ConsoleCredentials(t), 0o600); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
			},
		},
	})
}

// The same in CI: the credentials come from the environment (here base64, as the emulator's
// --env-file writes them), so the error names the variable to update. It sets process
// environment variables, so it does not run in parallel.
func TestAccConsole_revokedCredentialsInCINameTheVariable(t *testing.T) {
	inst := acctest.StartConsoleEmulator(t, emulator.Config{})
	t.Setenv("APPSINTOSS_CONSOLE_CREDENTIALS", base64.StdEncoding.EncodeToString(inst.ConsoleCredentials(t)))
	config := acctest.ProviderBlock(inst, acctest.ConsoleAttribute(inst, "")) + welcomeTemplate
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() { inst.RevokeConsole(t) },
				Config:    config,
				PlanOnly:  true,
				ExpectError: wrapped(`(?s)Console sign-in required.*credentials in APPSINTOSS_CONSOLE_CREDENTIALS ` +
					`can no longer be used.*Run\s+` + "`" + `appsintoss\s+login` + "`" + `.*update\s+the\s+` +
					`APPSINTOSS_CONSOLE_CREDENTIALS\s+secret`),
			},
			{
				// updating the secret is all it takes
				PreConfig: func() {
					t.Setenv("APPSINTOSS_CONSOLE_CREDENTIALS", base64.StdEncoding.EncodeToString(inst.ConsoleCredentials(t)))
				},
				Config: config,
			},
		},
	})
}

// A credentials file that group or others may read is refused at plan with the command that
// fixes it, and nothing is sent to the gateway.
func TestAccConsole_credentialsFileOpenToOthersIsRefused(t *testing.T) {
	t.Parallel()
	inst := acctest.StartConsoleEmulator(t, emulator.Config{})
	file := acctest.ConsoleCredentialsFile(t, inst)
	if err := os.Chmod(file, 0o640); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      acctest.ConsoleProviderBlock(inst, file) + welcomeTemplate,
			PlanOnly:    true,
			ExpectError: wrapped(`(?s)open to group or others \(mode -rw-r-----\).*chmod\s+600\s+` + regexp.QuoteMeta(file)),
		}},
	})
	if calls := inst.Stats(t).ConsoleToolCalls; len(calls) != 0 {
		t.Errorf("tool calls were made with a refused credentials file: %v", calls)
	}
}

// consoleToolsWith is api/console-tools.json changed by change (given the tools by name).
func consoleToolsWith(t *testing.T, change func(tools map[string]map[string]any) (remove string)) []byte {
	t.Helper()
	var doc struct {
		Tools []map[string]any `json:"tools"`
	}
	if err := json.Unmarshal(api.ConsoleTools, &doc); err != nil {
		t.Fatal(err)
	}
	byName := map[string]map[string]any{}
	for _, tool := range doc.Tools {
		byName[tool["name"].(string)] = tool
	}
	remove := change(byName)
	kept := doc.Tools[:0]
	for _, tool := range doc.Tools {
		if tool["name"] != remove {
			kept = append(kept, tool)
		}
	}
	doc.Tools = kept
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func inputSchemaOf(tool map[string]any) (properties map[string]any, required []any) {
	schema := tool["inputSchema"].(map[string]any)
	return schema["properties"].(map[string]any), schema["required"].([]any)
}

// A gateway whose tools are not the ones the provider knows is refused at configure time, before
// any tool is called: the plan fails naming the tool, the property and the schema received.
func TestAccConsole_gatewayWithOtherToolsIsRefusedBeforeAnyCall(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		change func(tools map[string]map[string]any) string
		want   string
	}{
		"a required property renamed": {
			change: func(tools map[string]map[string]any) string {
				props, required := inputSchemaOf(tools["push_template_create"])
				props["messageTitle"] = props["title"]
				delete(props, "title")
				for i, r := range required {
					if r == "title" {
						required[i] = "messageTitle"
					}
				}
				return ""
			},
			want: `(?s)tools are not what this provider knows.*nothing was sent to the account.*` +
				`tool push_template_create, property "title": the provider must send title here, but the tool has no property for it.*` +
				`tool push_template_create, property "messageTitle": required by the tool, but the provider has no value for it.*` +
				`inputSchema of push_template_create received:.*"messageTitle"`,
		},
		"an extra required property": {
			change: func(tools map[string]map[string]any) string {
				schema := tools["promotion_create"]["inputSchema"].(map[string]any)
				props, required := inputSchemaOf(tools["promotion_create"])
				props["budgetAccountId"] = map[string]any{"type": "string"}
				schema["required"] = append(required, "budgetAccountId")
				return ""
			},
			want: `(?s)tools are not what this provider knows.*` +
				`tool promotion_create, property "budgetAccountId": required by the tool, but the provider has no value for it.*` +
				`inputSchema of promotion_create received:.*"budgetAccountId"`,
		},
		"a tool missing": {
			change: func(map[string]map[string]any) string { return "iap_product_get" },
			want: `(?s)tools are not what this provider knows.*` +
				`tool iap_product_get: missing from the gateway's tools/list \(it listed 15 tools\)`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			inst := acctest.StartConsoleEmulator(t, emulator.Config{ConsoleTools: consoleToolsWith(t, tc.change)})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      acctest.ConsoleProviderBlock(inst, acctest.ConsoleCredentialsFile(t, inst)) + welcomeTemplate,
					ExpectError: wrapped(tc.want),
				}},
			})
			if calls := inst.Stats(t).ConsoleToolCalls; len(calls) != 0 {
				t.Errorf("tool calls were made to a gateway whose tools were refused: %v", calls)
			}
		})
	}
}

// Reads through a failing gateway are retried — server errors, rate-limit answers with
// Retry-After, reset connections, on every list and get — and the plans come out empty: nothing
// the user sees changes. (The session's unit tests count the attempts exactly.)
func TestAccConsole_readsAreRetriedThroughFaults(t *testing.T) {
	t.Parallel()
	inst := acctest.StartConsoleEmulator(t, emulator.Config{})
	config := acctest.ConsoleProviderBlock(inst, acctest.ConsoleCredentialsFile(t, inst), "max_retries = 20") +
		catalogOf(3, 1, 1, "")
	reads := emulatortest.FaultSpec{Rate: 0.5,
		Kinds: []string{emulator.FaultHTTP500, emulator.FaultRateLimit, emulator.FaultConnectionReset},
		Routes: []string{"console:workspace_list", "console:miniapp_list", "console:push_template_list",
			"console:promotion_list", "console:promotion_get", "console:iap_product_list", "console:iap_product_get"}}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{PreConfig: func() { inst.SetFaults(t, reads) }, Config: config, PlanOnly: true},
			{Config: config, PlanOnly: true},
			{Config: config, PlanOnly: true},
		},
	})
	if served := inst.Stats(t).FaultsServed; served == 0 {
		t.Fatal("the emulator served no fault: the test proved nothing")
	}
}

// A plan's refresh of 30 templates, a promotion and a product costs a handful of tool calls —
// one list per kind, the identity calls included — not one call per object.
func TestAccConsole_planOfThirtyTemplatesCostsAtMostTwelveCalls(t *testing.T) {
	t.Parallel()
	inst := acctest.StartConsoleEmulator(t, emulator.Config{})
	cli := acctest.NewCLI(t, acctest.ConsoleProviderBlock(inst, acctest.ConsoleCredentialsFile(t, inst))+catalogOf(30, 1, 1, ""))
	if out, err := cli.Run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	before := inst.Stats(t).ConsoleToolCalls
	if out, err := cli.Run("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Fatalf("plan failed or found changes: %v\n%s", err, out)
	}
	var total int64
	spent := map[string]int64{}
	for tool, n := range inst.Stats(t).ConsoleToolCalls {
		if d := n - before[tool]; d > 0 {
			spent[tool] = d
			total += d
		}
	}
	if total > 12 || total == 0 {
		t.Errorf("the plan made %d tool calls, want at most 12: %v", total, spent)
	}
	if spent["workspace_list"] != 1 || spent["miniapp_list"] != 1 {
		t.Errorf("the plan's configure-time calls were not counted as expected: %v", spent)
	}
}

// A catalog made by hand (here through the contract, the other road) comes under Terraform with
// import blocks and `terraform plan -generate-config-out`: the generated configuration is applied
// as written, the next plan is empty, and destroy does what the console can — a template stays
// (with a warning that says so), a promotion ends, a product becomes INACTIVE.
func TestAccConsole_catalogMadeByHandIsAdoptedWithGeneratedConfig(t *testing.T) {
	t.Parallel()
	inst := acctest.StartConsoleEmulator(t, emulator.Config{})
	byHand := func(path string, body map[string]any) map[string]any {
		status, data := inst.Do(t, http.MethodPost, catalogPath+path, body, map[string]string{"Idempotency-Key": uuid.NewString()})
		var env struct {
			Success map[string]any `json:"success"`
		}
		if status != http.StatusOK || json.Unmarshal(data, &env) != nil {
			t.Fatalf("POST %s: HTTP %d %s", path, status, data)
		}
		return env.Success
	}
	byHand("/push-templates", map[string]any{"code": "WELCOME", "name": "환영", "title": "환영해요",
		"body": "{{name}}님 환영해요", "landingUrl": "intoss://demo-app/home"})
	promotion := byHand("/promotions", map[string]any{"name": "출석 이벤트", "missionName": "출석하기",
		"totalBudget": 100000, "maxAmountPerUserPerDay": 100, "grantType": "FIXED", "amount": 10})
	product := byHand("/iap-products", map[string]any{"type": "SUBSCRIPTION", "name": "프리미엄", "description": "월간 구독",
		"price": 9900, "iconImgUrl": "https://cdn.example.com/premium.png", "renewalCycle": "MONTHLY",
		"discountPolicies": []map[string]any{{"type": "FREE_TRIAL", "period": "ONE_WEEK"}}})
	promotionCode, productID := promotion["promotionCode"].(string), product["productId"].(string)

	cli := acctest.NewCLI(t, acctest.ConsoleProviderBlock(inst, acctest.ConsoleCredentialsFile(t, inst))+fmt.Sprintf(`
import {
  to = appsintoss_push_template.welcome
  id = "demo-app-WELCOME"
}
import {
  to = appsintoss_promotion.attendance
  id = %q
}
import {
  to = appsintoss_iap_product.premium
  id = %q
}
`, promotionCode, productID))
	run := func(args ...string) string {
		t.Helper()
		out, err := cli.Run(append(args, "-input=false", "-no-color")...)
		if err != nil {
			t.Fatalf("terraform %s: %v\n%s", args[0], err, out)
		}
		return out
	}
	run("plan", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(filepath.Join(cli.Dir(), "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	out := run("apply", "-auto-approve")
	if !strings.Contains(out, "Resources: 3 imported, 0 added, 0 changed, 0 destroyed") {
		t.Fatalf("the generated configuration did not import the three objects as they are:\n%s\n\ngenerated.tf:\n%s", out, generated)
	}
	if _, err := cli.Run("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		out, _ := cli.Run("plan", "-input=false", "-no-color")
		t.Fatalf("the plan after adopting is not empty (%v):\n%s\n\ngenerated.tf:\n%s", err, out, generated)
	}

	out = run("destroy", "-auto-approve")
	if !regexp.MustCompile(`(?s)Warning: Push template "demo-app-WELCOME" stays in the console.*no longer manages the template`).MatchString(out) {
		t.Errorf("destroy did not warn that the template stays in the console:\n%s", out)
	}
	status, _ := inst.GetRaw(t, catalogPath+"/push-templates/demo-app-WELCOME")
	if status != http.StatusOK {
		t.Errorf("the template is gone after destroy on the console road (HTTP %d), but no console tool deletes one", status)
	}
	for path, want := range map[string][2]string{
		"/promotions/" + promotionCode: {"status", "ENDED"},
		"/iap-products/" + productID:   {"catalogStatus", "INACTIVE"},
	} {
		_, body := inst.GetRaw(t, catalogPath+path)
		var env struct {
			Success map[string]any `json:"success"`
		}
		if err := json.Unmarshal(body, &env); err != nil || env.Success[want[0]] != want[1] {
			t.Errorf("%s after destroy: %s, want %s %s", path, body, want[0], want[1])
		}
	}
}

// The provider page's console example runs as written, but for its certificate paths: `console =
// {}` takes everything else from the environment, as in CI (the official gateway's URL is the
// default, here replaced through APPSINTOSS_CONSOLE_URL). It sets environment variables, so it
// does not run in parallel.
func TestAccExamples_consoleProviderBlock(t *testing.T) {
	inst := acctest.StartConsoleEmulator(t, emulator.Config{})
	example, err := os.ReadFile(filepath.Join("..", "..", "examples", "provider", "console.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(example), "console = {}") {
		t.Fatalf("the example no longer shows `console = {}`:\n%s", example)
	}
	config := strings.NewReplacer("/run/secrets/appsintoss/client.pem", inst.ClientCertFile,
		"/run/secrets/appsintoss/client-key.pem", inst.ClientKeyFile).Replace(string(example))
	t.Setenv("APPSINTOSS_ENDPOINT", inst.URL)
	t.Setenv("APPSINTOSS_PAY_ENDPOINT", inst.URL)
	t.Setenv("APPSINTOSS_CA_CERTIFICATE_FILE", inst.CAFile)
	t.Setenv("APPSINTOSS_CONSOLE_URL", inst.ConsoleURL)
	t.Setenv("APPSINTOSS_CONSOLE_CA_CERTIFICATE_FILE", inst.CAFile)
	t.Setenv("APPSINTOSS_CONSOLE_CREDENTIALS_FILE", acctest.ConsoleCredentialsFile(t, inst))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config + welcomeTemplate,
			Check: func(*terraform.State) error {
				if n := inst.Stats(t).ConsoleToolCalls["push_template_create"]; n != 1 {
					return fmt.Errorf("push_template_create called %d times, want 1: the example did not take the console road", n)
				}
				return nil
			},
		}},
	})
}
