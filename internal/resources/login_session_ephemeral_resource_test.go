package resources_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/acctest"
)

// withEcho serves our provider and terraform-plugin-testing's echo provider, both in-process:
// nothing is downloaded. The echo provider copies its `data` configuration — which may be
// ephemeral — into the state of an `echo` resource, the only way to observe an ephemeral
// resource's result from a test.
func withEcho() map[string]func() (tfprotov6.ProviderServer, error) {
	factories := map[string]func() (tfprotov6.ProviderServer, error){
		"echo": echoprovider.NewProviderServer(),
	}
	for name, f := range acctest.ProtoV6ProviderFactories {
		factories[name] = f
	}
	return factories
}

// The session's values, seen through the echo provider.
func TestAccLoginSession_exposesTheLoginThroughEcho(t *testing.T) {
	t.Parallel()
	inst := startRuntimeEmulator(t)
	userKey, _ := inst.SeedUser(t, hongWith(map[string]any{"refreshToken": "fixed-refresh-token-session"}))
	data := func(attr string) tfjsonpath.Path { return tfjsonpath.New("data").AtMapKey(attr) }

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: withEcho(),
		Steps: []resource.TestStep{{
			Config: runtimeProvider(inst, withLoginKey(inst)...) + `
ephemeral "appsintoss_login_session" "s" {
  refresh_token = "fixed-refresh-token-session"
}

provider "echo" {
  data = ephemeral.appsintoss_login_session.s
}

resource "echo" "session" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.session", data("user_key"), knownvalue.Int64Exact(userKey)),
				statecheck.ExpectKnownValue("echo.session", data("expires_in"), knownvalue.Int64Exact(3599)),
				statecheck.ExpectKnownValue("echo.session", data("access_token"), knownvalue.StringRegexp(regexp.MustCompile(`^eyJ[\w-]+\.[\w-]+\.[\w-]+$`))),
				statecheck.ExpectKnownValue("echo.session", data("scope"), hongScope),
				statecheck.ExpectKnownValue("echo.session", data("agreed_terms"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue("echo.session", data("personal_data_decrypted"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("echo.session", data("name"), knownvalue.StringExact("홍길동")),
				statecheck.ExpectKnownValue("echo.session", data("ci"), knownvalue.StringExact("CI-HONG-0123456789abcdefghij")),
			},
		}},
	})
}

// Without echo, nothing of the session reaches the state: not the access token (JWT-shaped, so
// "eyJ"), not the refresh token, not a personal value. A precondition of Terraform's built-in
// terraform_data resource (no download) proves the session was opened and read. (A postcondition
// on the ephemeral resource itself would do, but Terraform 1.11's `show -json` crashes on check
// results of ephemeral objects: "unsupported resource mode 69".)
func TestAccLoginSession_leavesNothingInState(t *testing.T) {
	t.Parallel()
	inst := startRuntimeEmulator(t)
	userKey, _ := inst.SeedUser(t, hongWith(map[string]any{"refreshToken": "fixed-refresh-token-nostate"}))
	session := func(condition string) string {
		return runtimeProvider(inst, withLoginKey(inst)...) + fmt.Sprintf(`
ephemeral "appsintoss_login_session" "s" {
  refresh_token = "fixed-refresh-token-nostate"
}

resource "terraform_data" "probe" {
  lifecycle {
    precondition {
      condition     = %s
      error_message = "unexpected login session"
    }
  }
}

data "appsintoss_client_certificate" "this" {}
`, condition)
	}

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: session(fmt.Sprintf(`ephemeral.appsintoss_login_session.s.user_key == %d && ephemeral.appsintoss_login_session.s.name == "홍길동" && length(ephemeral.appsintoss_login_session.s.access_token) > 20`, userKey)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.appsintoss_client_certificate.this", tfjsonpath.New("common_name"), knownvalue.StringExact("demo-app")),
					stateLacks(append([]string{"eyJ", "fixed-refresh-token-nostate"}, hongPersonalValues...)),
				},
			},
			{
				// The same check with a wrong expectation fails: the postcondition really sees the values.
				Config:      session(fmt.Sprintf(`ephemeral.appsintoss_login_session.s.user_key == %d`, userKey+1)),
				ExpectError: regexp.MustCompile(`unexpected login session`),
			},
		},
	})
}

func TestAccLoginSession_refusedRefreshToken(t *testing.T) {
	t.Parallel()
	inst := startRuntimeEmulator(t)

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: withEcho(),
		Steps: []resource.TestStep{{
			Config: runtimeProvider(inst) + `
ephemeral "appsintoss_login_session" "s" {
  refresh_token = "expired-or-unknown"
}
provider "echo" {
  data = ephemeral.appsintoss_login_session.s
}
resource "echo" "session" {}
`,
			ExpectError: regexp.MustCompile(`(?s)Refresh token refused.*errorCode\s+invalid_grant`),
		}},
	})
}

// TestAccExamples_loginSession applies the documentation's example, with the echo provider added
// to observe the session it opens.
func TestAccExamples_loginSession(t *testing.T) {
	t.Parallel()
	inst := startRuntimeEmulator(t)
	userKey, _ := inst.SeedUser(t, hongWith(map[string]any{"refreshToken": "fixed-refresh-token-example"}))

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: withEcho(),
		Steps: []resource.TestStep{{
			Config: runtimeProvider(inst) + example(t, "ephemeral-resources", "appsintoss_login_session", "ephemeral-resource.tf") + `
provider "echo" {
  data = {
    user_key = ephemeral.appsintoss_login_session.test_account.user_key
    header   = local.toss_login_headers.Authorization
  }
}
resource "echo" "session" {}
`,
			ConfigVariables: config.Variables{"test_account_refresh_token": config.StringVariable("fixed-refresh-token-example")},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.session", tfjsonpath.New("data").AtMapKey("user_key"), knownvalue.Int64Exact(userKey)),
				statecheck.ExpectKnownValue("echo.session", tfjsonpath.New("data").AtMapKey("header"),
					knownvalue.StringRegexp(regexp.MustCompile(`^Bearer eyJ`))),
			},
		}},
	})
}
