package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The workload: N catalog resources spread evenly over the three catalog types (the first types
// take the remainder), each type one resource block with count. The real provider and the
// no-op provider get the very same configuration apart from the provider's source address.

// catalogType is one resource type of the workload and the body of its resource block.
type catalogType struct {
	name string
	body string // HCL attributes; ${count.index} makes every instance distinct
}

var catalogTypes = []catalogType{
	{"appsintoss_push_template", `
  code               = format("BENCH_%05d", count.index)
  name               = "Benchmark template ${count.index}"
  title              = "Your order has shipped"
  body               = "Hello {{name}}, order {{orderNo}} is on its way (template ${count.index})."
  landing_url        = "intoss://bench/orders"
  agreement_required = false
`},
	{"appsintoss_promotion", `
  name                        = "Benchmark promotion ${count.index}"
  mission_name                = "벤치마크 완주하기"
  benefit_tab_exposed         = false
  landing_url                 = "intoss://bench/promotion"
  total_budget                = 1000000
  max_amount_per_user_per_day = 1000
  grant_type                  = "FIXED"
  amount                      = 10
`},
	{"appsintoss_iap_product", `
  type        = "CONSUMABLE"
  name        = "Bench gems ${count.index}"
  description = "Benchmark product ${count.index}"
  price       = 1000
  icon_url    = "https://example.com/bench/gems.png"
`},
}

// split is how many instances each catalog type gets.
func split(n int) []int {
	counts := make([]int, len(catalogTypes))
	for i := range counts {
		counts[i] = n / len(catalogTypes)
		if i < n%len(catalogTypes) {
			counts[i]++
		}
	}
	return counts
}

// providerBlock configures the provider for the emulator. The rate limit is a variable so that
// the throttled run changes it without changing the configuration; left unset (null), the
// provider runs at its own default, as in the adaptive scenario.
const providerBlock = `
variable "endpoint" {
  type = string
}

variable "cert_dir" {
  type = string
}

variable "rate_limit_per_minute" {
  type    = number
  default = null
}

provider "appsintoss" {
  endpoint                        = var.endpoint
  pay_endpoint                    = var.endpoint
  client_certificate_file         = "${var.cert_dir}/client.pem"
  client_key_file                 = "${var.cert_dir}/client-key.pem"
  ca_certificate_file             = "${var.cert_dir}/ca.pem"
  rate_limit_per_minute           = var.rate_limit_per_minute
  certificate_expiry_warning_days = 0
}
`

// catalogConfig is main.tf for the real provider (source = the provider's registry address) or
// the no-op floor (source = localhost/bench/appsintoss).
func catalogConfig(source string, n int) string {
	return catalogConfigOf(source, split(n))
}

// catalogConfigOf is main.tf with counts[i] instances of catalogTypes[i].
func catalogConfigOf(source string, counts []int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "terraform {\n  required_providers {\n    appsintoss = {\n      source = %q\n    }\n  }\n}\n", source)
	b.WriteString(providerBlock)
	for i, count := range counts {
		if count == 0 {
			continue
		}
		t := catalogTypes[i]
		fmt.Fprintf(&b, "\nresource %q \"bench\" {\n  count = %d\n%s}\n", t.name, count, t.body)
	}
	return b.String()
}

// terraformDataConfig is the reference floor: N terraform_data resources, no provider at all.
func terraformDataConfig(n int) string {
	return fmt.Sprintf(`resource "terraform_data" "bench" {
  count = %d
  input = {
    name  = "Benchmark item ${count.index}"
    title = "Your order has shipped"
    price = 1000
  }
}
`, n)
}

// cliConfig points both providers at the harness's launchers and forbids any other install.
func cliConfig(realDir, noopDir, mirrorDir string) string {
	return fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/appsintoss-terraform/appsintoss" = %q
    "localhost/bench/appsintoss"                           = %q
  }
  filesystem_mirror {
    path = %q
  }
}
`, realDir, noopDir, mirrorDir)
}

func writeFile(path, content string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(content), 0o644)
}
