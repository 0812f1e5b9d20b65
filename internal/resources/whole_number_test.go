package resources_test

import (
	"context"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/acctest"
)

// Integer attributes are numbers to Terraform, so a configuration can hold 9.9. That is the
// user's mistake, and it must read as one: an attribute error naming the value, not the
// framework's "This is always an error in the provider… %!s(*big.Float=9.9)".

func TestAccWholeNumbers_fractionIsAPlainValidationError(t *testing.T) {
	t.Parallel()
	inst := catalogEmulator(t, acctest.ReviewApprove)
	promotion := catalogConfig(inst, `
resource "appsintoss_promotion" "test" {
  name                        = "출석 체크 이벤트"
  mission_name                = "출석체크하기"
  total_budget                = 1000000.5
  max_amount_per_user_per_day = 100
  grant_type                  = "FIXED"
  amount                      = 9.9
}
`)
	product := catalogConfig(inst, `
resource "appsintoss_iap_product" "test" {
  type          = "SUBSCRIPTION"
  name          = "프리미엄 월간 구독"
  description   = "광고 제거"
  price         = 9900.01
  icon_url      = "https://cdn.example.com/premium.png"
  renewal_cycle = "MONTHLY"
  discount_policies = [{ type = "NEW_SUBSCRIPTION", duration_months = 2.5, discounted_price = 4900 }]
}
`)
	reads := catalogConfig(inst, `
data "appsintoss_payment" "test" {
  order_no = "order-1"
  user_key = 1.5
}

data "appsintoss_iap_order" "test" {
  order_id = "0198f2a4-0000-7000-8000-000000000000"
  user_key = 2e100
}
`)
	var steps []resource.TestStep
	for config, messages := range map[string][]string{
		promotion: {
			"Attribute amount must be a whole number (no fraction, at most 19 digits), got: 9.9",
			"Attribute total_budget must be a whole number (no fraction, at most 19 digits), got: 1000000.5",
		},
		product: {
			"Attribute price must be a whole number (no fraction, at most 19 digits), got: 9900.01",
			"Attribute discount_policies[0].duration_months must be a whole number (no fraction, at most 19 digits), got: 2.5",
		},
		reads: {
			"Attribute user_key must be a whole number (no fraction, at most 19 digits), got: 1.5",
			"Attribute user_key must be a whole number (no fraction, at most 19 digits), got: 2e+100",
		},
	} {
		for _, want := range messages {
			steps = append(steps, resource.TestStep{Config: config, PlanOnly: true, ExpectError: messageRegexp(want)})
		}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

// The provider's whole answer to a configuration with fractions is one plain error per
// attribute: nothing else, and in particular nothing that blames the provider.
func TestWholeNumbers_validationReportsOnePlainErrorPerAttribute(t *testing.T) {
	ctx := context.Background()
	server, err := acctest.ProtoV6ProviderFactories["appsintoss"]()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	plain := func(attribute, got string) string {
		return "Invalid Attribute Value: Attribute " + attribute +
			" must be a whole number (no fraction, at most 19 digits), got: " + got
	}
	for _, tc := range []struct {
		name   string
		schema *tfprotov6.Schema
		config map[string]tftypes.Value
		want   []string
		data   bool
	}{
		{
			name: "appsintoss_promotion", schema: schemas.ResourceSchemas["appsintoss_promotion"],
			config: map[string]tftypes.Value{
				"name": str("이벤트"), "mission_name": str("출석체크하기"), "grant_type": str("FIXED"),
				"total_budget": num("1000000.5"), "max_amount_per_user_per_day": num("100"), "amount": num("9.9"),
			},
			want: []string{plain("amount", "9.9"), plain("total_budget", "1000000.5")},
		},
		{
			name: "appsintoss_iap_product", schema: schemas.ResourceSchemas["appsintoss_iap_product"],
			config: map[string]tftypes.Value{
				"type": str("CONSUMABLE"), "name": str("보석"), "description": str("보석"),
				"icon_url": str("https://cdn.example.com/x.png"), "price": num("1000.5"),
			},
			want: []string{plain("price", "1000.5")},
		},
		{
			name: "appsintoss_payment", schema: schemas.DataSourceSchemas["appsintoss_payment"], data: true,
			config: map[string]tftypes.Value{"order_no": str("order-1"), "user_key": num("1.5")},
			want:   []string{plain("user_key", "1.5")},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			objectType, ok := tc.schema.ValueType().(tftypes.Object)
			if !ok {
				t.Fatalf("schema type is %T", tc.schema.ValueType())
			}
			config, err := tfprotov6.NewDynamicValue(objectType, objectValue(objectType, tc.config))
			if err != nil {
				t.Fatal(err)
			}
			var diags []*tfprotov6.Diagnostic
			if tc.data {
				resp, err := server.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: tc.name, Config: &config})
				if err != nil {
					t.Fatal(err)
				}
				diags = resp.Diagnostics
			} else {
				resp, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: tc.name, Config: &config})
				if err != nil {
					t.Fatal(err)
				}
				diags = resp.Diagnostics
			}
			var got []string
			for _, d := range diags {
				got = append(got, d.Summary+": "+d.Detail)
			}
			slices.Sort(got)
			slices.Sort(tc.want)
			if !slices.Equal(got, tc.want) {
				t.Errorf("diagnostics:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// num is a number as Terraform sends it: decimal text at Terraform's precision.
func num(text string) tftypes.Value {
	f, _, err := big.ParseFloat(text, 10, 512, big.ToNearestEven)
	if err != nil {
		panic(err)
	}
	return tftypes.NewValue(tftypes.Number, f)
}

// objectValue is a configuration of objectType: the given attributes, every other one null.
func objectValue(objectType tftypes.Object, set map[string]tftypes.Value) tftypes.Value {
	values := map[string]tftypes.Value{}
	for name, typ := range objectType.AttributeTypes {
		if v, ok := set[name]; ok {
			values[name] = v
		} else {
			values[name] = tftypes.NewValue(typ, nil)
		}
	}
	return tftypes.NewValue(objectType, values)
}
