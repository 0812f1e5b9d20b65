package main

import (
	"math/big"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// known replaces every unknown value of a planned object with a fixed known one: a string
// "noop", zero, false, or null for collections and objects. That is what "the server assigned a
// value" looks like to Terraform, without a server.
func known(plan tftypes.Value) (tftypes.Value, error) {
	return tftypes.Transform(plan, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		switch t := v.Type(); {
		case t.Is(tftypes.String):
			return tftypes.NewValue(t, "noop"), nil
		case t.Is(tftypes.Number):
			return tftypes.NewValue(t, new(big.Float)), nil
		case t.Is(tftypes.Bool):
			return tftypes.NewValue(t, false), nil
		default:
			return tftypes.NewValue(t, nil), nil
		}
	})
}
