package resources

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Whole numbers in configuration: amounts, prices, budgets, user keys. Terraform's type for an
// integer attribute is "number", so `amount = 9.9` reaches the provider, and the framework's
// Int64 type fails to convert it with an error written for provider developers ("This is always
// an error in the provider… %!s(*big.Float=9.9)"). wholeNumberType takes the value in and its
// values refuse it with a plain attribute error instead. The wire type stays "number", so state
// written before is read unchanged.
//
// Every integer attribute a configuration can set uses it. Computed-only integers do not: their
// values come from the API, already decoded as int64.

var (
	_ basetypes.Int64Typable      = wholeNumberType{}
	_ basetypes.Int64Valuable     = wholeNumber{}
	_ xattr.ValidateableAttribute = wholeNumber{}
)

// wholeNumberType is Int64Type whose values carry, instead of a conversion error, the number
// that is not a whole int64 (for wholeNumber.ValidateAttribute to report).
type wholeNumberType struct {
	basetypes.Int64Type
}

func (t wholeNumberType) Equal(o attr.Type) bool {
	_, ok := o.(wholeNumberType)
	return ok
}

func (t wholeNumberType) String() string { return "wholeNumberType" }

func (t wholeNumberType) ValueType(context.Context) attr.Value { return wholeNumber{} }

func (t wholeNumberType) ValueFromInt64(_ context.Context, v basetypes.Int64Value) (basetypes.Int64Valuable, diag.Diagnostics) {
	return wholeNumber{Int64Value: v}, nil
}

func (t wholeNumberType) ValueFromTerraform(_ context.Context, in tftypes.Value) (attr.Value, error) {
	switch {
	case !in.IsKnown():
		return wholeNumber{Int64Value: basetypes.NewInt64Unknown()}, nil
	case in.IsNull():
		return wholeNumberNull(), nil
	}
	var f *big.Float
	if err := in.As(&f); err != nil {
		return nil, err
	}
	if i, accuracy := f.Int64(); f.IsInt() && accuracy == big.Exact {
		return wholeNumber{Int64Value: basetypes.NewInt64Value(i)}, nil
	}
	// Unknown, so that no validator or plan logic uses a value that is not the configured one;
	// ValidateAttribute stops the run before anything else sees it.
	return wholeNumber{Int64Value: basetypes.NewInt64Unknown(), notWhole: numberText(f)}, nil
}

// numberText writes f as a person would: 1000000.5, not 1.0000005e+06; exponents only for
// numbers too long to read (beyond the int64 range).
func numberText(f *big.Float) string {
	if f.MantExp(nil) > 64 {
		return f.Text('g', -1)
	}
	return f.Text('f', -1)
}

// wholeNumber is an Int64Value that remembers a configured number it could not hold.
type wholeNumber struct {
	basetypes.Int64Value
	// notWhole is the configured number, as written, when it is not a whole int64.
	notWhole string
}

func wholeNumberValue(v int64) wholeNumber {
	return wholeNumber{Int64Value: basetypes.NewInt64Value(v)}
}

func wholeNumberNull() wholeNumber { return wholeNumber{Int64Value: basetypes.NewInt64Null()} }

func wholeNumberPointerValue(v *int64) wholeNumber {
	return wholeNumber{Int64Value: basetypes.NewInt64PointerValue(v)}
}

func (v wholeNumber) Type(context.Context) attr.Type { return wholeNumberType{} }

func (v wholeNumber) Equal(o attr.Value) bool {
	other, ok := o.(wholeNumber)
	return ok && v.notWhole == other.notWhole && v.Int64Value.Equal(other.Int64Value)
}

func (v wholeNumber) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.notWhole == "" {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value",
		fmt.Sprintf("Attribute %s must be a whole number (no fraction, at most 19 digits), got: %s", req.Path, v.notWhole))
}
