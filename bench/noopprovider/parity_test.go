package main

import (
	"context"
	"fmt"
	"math/big"
	"reflect"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	appsintoss "github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/provider"
)

// The floor is only a fair floor while Terraform sees the same provider in it: the same schemas
// (whose size Terraform pays for on every run) and the same validation work.

// servers are the provider as shipped and the floor, as Terraform talks to them.
func servers(t *testing.T) (shipped, floor tfprotov6.ProviderServer) {
	t.Helper()
	shipped, err := providerserver.NewProtocol6WithError(appsintoss.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	floor, err = providerserver.NewProtocol6WithError(newProvider())()
	if err != nil {
		t.Fatal(err)
	}
	return shipped, floor
}

func TestFloorServesTheRealProvidersSchema(t *testing.T) {
	shipped, floor := servers(t)
	want, err := shipped.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := floor.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Diagnostics) > 0 || len(got.Diagnostics) > 0 {
		t.Fatalf("schema diagnostics: real %v, floor %v", want.Diagnostics, got.Diagnostics)
	}
	if len(want.DataSourceSchemas) == 0 || len(want.EphemeralResourceSchemas) == 0 {
		t.Fatal("the real provider serves no data sources or no ephemeral resources: this test no longer compares them")
	}
	for _, kind := range []struct {
		name      string
		want, got map[string]*tfprotov6.Schema
	}{
		{"resource", want.ResourceSchemas, got.ResourceSchemas},
		{"data source", want.DataSourceSchemas, got.DataSourceSchemas},
		{"ephemeral resource", want.EphemeralResourceSchemas, got.EphemeralResourceSchemas},
	} {
		for name := range kind.want {
			if _, ok := kind.got[name]; !ok {
				t.Errorf("the floor does not serve %s %s", kind.name, name)
			}
		}
	}
	if !reflect.DeepEqual(want, got) {
		t.Error("GetProviderSchema of the floor differs from the real provider's")
	}
}

// TestFloorRunsTheRealValidation feeds both providers configurations that only a ValidateConfig
// or a ConfigValidator refuses, and expects the same diagnostics from both.
func TestFloorRunsTheRealValidation(t *testing.T) {
	shipped, floor := servers(t)
	schemas, err := shipped.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	number := func(n int64) tftypes.Value { return tftypes.NewValue(tftypes.Number, big.NewFloat(float64(n))) }
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

	t.Run("resource ValidateConfig", func(t *testing.T) {
		name := "appsintoss_promotion"
		cfg := configValue(t, schemas.ResourceSchemas[name], map[string]tftypes.Value{
			"amount": number(10), "total_budget": number(5),
		})
		validate := func(s tfprotov6.ProviderServer) []*tfprotov6.Diagnostic {
			resp, err := s.ValidateResourceConfig(t.Context(), &tfprotov6.ValidateResourceConfigRequest{TypeName: name, Config: cfg})
			if err != nil {
				t.Fatal(err)
			}
			return resp.Diagnostics
		}
		sameErrors(t, validate(shipped), validate(floor))
	})

	t.Run("data source ConfigValidators", func(t *testing.T) {
		name := "appsintoss_push_template"
		cfg := configValue(t, schemas.DataSourceSchemas[name], map[string]tftypes.Value{
			"code": str("A"), "template_set_code": str("B"),
		})
		validate := func(s tfprotov6.ProviderServer) []*tfprotov6.Diagnostic {
			resp, err := s.ValidateDataResourceConfig(t.Context(), &tfprotov6.ValidateDataResourceConfigRequest{TypeName: name, Config: cfg})
			if err != nil {
				t.Fatal(err)
			}
			return resp.Diagnostics
		}
		sameErrors(t, validate(shipped), validate(floor))
	})
}

func sameErrors(t *testing.T, want, got []*tfprotov6.Diagnostic) {
	t.Helper()
	if len(want) == 0 {
		t.Fatal("the real provider accepted the configuration: pick one it refuses")
	}
	if w, g := rendered(want), rendered(got); !slices.Equal(w, g) {
		t.Errorf("floor diagnostics\n%q\nwant the real provider's\n%q", g, w)
	}
}

// rendered is each diagnostic as one line, sorted: the framework reports some checks in map order.
func rendered(diags []*tfprotov6.Diagnostic) []string {
	var out []string
	for _, d := range diags {
		out = append(out, fmt.Sprintf("%s %v: %s: %s", d.Severity, d.Attribute, d.Summary, d.Detail))
	}
	slices.Sort(out)
	return out
}

// configValue is an object of the schema's type with the given attributes set and every other
// attribute (and block) null.
func configValue(t *testing.T, s *tfprotov6.Schema, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	if s == nil {
		t.Fatal("no such type in the real provider's schema")
	}
	typ := s.ValueType().(tftypes.Object)
	values := map[string]tftypes.Value{}
	for name, attrType := range typ.AttributeTypes {
		values[name] = tftypes.NewValue(attrType, nil)
		if v, ok := set[name]; ok {
			values[name] = v
		}
	}
	for name := range set {
		if _, ok := typ.AttributeTypes[name]; !ok {
			t.Fatalf("no attribute %q in the schema", name)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, values))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// TestFloorMirrorsEveryOptionalBehaviour fails when a real type gains an optional framework
// interface that the floor's wrappers do not pass on (plan modification, state upgrades, ...):
// then either the floor learns to do the same work, or bench/README.md says it leaves it out.
func TestFloorMirrorsEveryOptionalBehaviour(t *testing.T) {
	ctx := context.Background()
	p := appsintoss.New("test")()
	unmirroredProvider := map[string]bool{
		"ConfigValidators": implements[provider.ProviderWithConfigValidators](p),
		"ValidateConfig":   implements[provider.ProviderWithValidateConfig](p),
		"Functions":        implements[provider.ProviderWithFunctions](p),
		"ListResources":    implements[provider.ProviderWithListResources](p),
		"Actions":          implements[provider.ProviderWithActions](p),
		"MetaSchema":       implements[provider.ProviderWithMetaSchema](p),
		"StateStores":      implements[provider.ProviderWithStateStores](p),
	}
	for name, has := range unmirroredProvider {
		if has {
			t.Errorf("the real provider implements %s; the floor's noopProvider does not pass it on", name)
		}
	}
	for _, newReal := range p.Resources(ctx) {
		r := newReal()
		for name, has := range map[string]bool{
			"ModifyPlan":      implements[resource.ResourceWithModifyPlan](r),
			"UpgradeState":    implements[resource.ResourceWithUpgradeState](r),
			"MoveState":       implements[resource.ResourceWithMoveState](r),
			"Identity":        implements[resource.ResourceWithIdentity](r),
			"UpgradeIdentity": implements[resource.ResourceWithUpgradeIdentity](r),
		} {
			if has {
				t.Errorf("resource %T implements %s; the floor's noopResource does not pass it on", r, name)
			}
		}
	}
	for _, newReal := range p.(provider.ProviderWithEphemeralResources).EphemeralResources(ctx) {
		e := newReal()
		for name, has := range map[string]bool{
			"Renew": implements[ephemeral.EphemeralResourceWithRenew](e),
			"Close": implements[ephemeral.EphemeralResourceWithClose](e),
		} {
			if has {
				t.Errorf("ephemeral resource %T implements %s; the floor's noopEphemeralResource does not pass it on", e, name)
			}
		}
	}
	// Data sources have no optional behaviour beyond validation, which the floor passes on.
}

func implements[I any](v any) bool {
	_, ok := v.(I)
	return ok
}
