package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Small conversions and plan modifiers shared by the catalog resources.

// stringOrNull maps an API string where "" means absent to a Terraform value: absent → null.
func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// boolOr is the value of b, or fallback when b is null or unknown.
func boolOr(b types.Bool, fallback bool) bool {
	if b.IsNull() || b.IsUnknown() {
		return fallback
	}
	return b.ValueBool()
}

// int64UseStateWhenUnchanged keeps the prior state's value of a computed attribute in the plan
// while the attribute it derives from (dependsOn) keeps its value — e.g. gross_price while price
// is unchanged — and leaves it unknown otherwise. dependsOn is a whole-number attribute.
func int64UseStateWhenUnchanged(dependsOn path.Path, description string) planmodifier.Int64 {
	return useStateWhenUnchanged{dependsOn: dependsOn, description: description}
}

type useStateWhenUnchanged struct {
	dependsOn   path.Path
	description string
}

func (m useStateWhenUnchanged) Description(context.Context) string         { return m.description }
func (m useStateWhenUnchanged) MarkdownDescription(context.Context) string { return m.description }

func (m useStateWhenUnchanged) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if req.StateValue.IsNull() || !req.PlanValue.IsUnknown() || req.Plan.Raw.IsNull() {
		return
	}
	var planned, prior wholeNumber
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, m.dependsOn, &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, m.dependsOn, &prior)...)
	if resp.Diagnostics.HasError() || planned.IsUnknown() || !planned.Equal(prior) {
		return
	}
	resp.PlanValue = req.StateValue
}

// stringUseStateOnceSet keeps a computed value that never changes once it is assigned (an IAP
// product's sku) — but, unlike UseStateForUnknown, leaves it unknown while the state still holds
// null, because the value may be assigned during the apply (the first approval).
func stringUseStateOnceSet(description string) planmodifier.String {
	return useStateOnceSet{description: description}
}

type useStateOnceSet struct{ description string }

func (m useStateOnceSet) Description(context.Context) string         { return m.description }
func (m useStateOnceSet) MarkdownDescription(context.Context) string { return m.description }

func (m useStateOnceSet) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || !req.PlanValue.IsUnknown() || req.ConfigValue.IsUnknown() {
		return
	}
	resp.PlanValue = req.StateValue
}
