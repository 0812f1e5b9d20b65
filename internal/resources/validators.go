package resources

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Validators shared by the catalog resources. Text limits use the framework's UTF8Length*
// validators: Apps in Toss counts characters, and names are Korean (LengthAtMost counts bytes).

// landingURLValidators: landing URLs open a screen of the mini-app, so they use the intoss://
// scheme (reference §5.1, §6.1); the catalog contract allows 2,048 characters.
func landingURLValidators() []validator.String {
	return []validator.String{
		stringvalidator.RegexMatches(regexp.MustCompile(`^intoss://.+`),
			"must start with intoss:// followed by a screen of the mini-app, e.g. intoss://my-app/event"),
		stringvalidator.UTF8LengthAtMost(2048),
	}
}

// int64MultipleOf accepts multiples of n (IAP prices move in steps of 10 KRW).
func int64MultipleOf(n int64) validator.Int64 { return multipleOfValidator{n: n} }

type multipleOfValidator struct{ n int64 }

func (v multipleOfValidator) Description(context.Context) string {
	return fmt.Sprintf("value must be a multiple of %d", v.n)
}

func (v multipleOfValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v multipleOfValidator) ValidateInt64(_ context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if got := req.ConfigValue.ValueInt64(); got%v.n != 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid value",
			fmt.Sprintf("%s must be a multiple of %d, got %d.", req.Path, v.n, got))
	}
}
