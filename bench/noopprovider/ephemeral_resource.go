package main

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
)

var (
	_ ephemeral.EphemeralResourceWithConfigValidators = (*noopEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithValidateConfig   = (*noopEphemeralResource)(nil)
)

// noopEphemeralResource serves a real ephemeral resource's schema and validation; Open returns
// the configuration, its computed attributes null, instead of asking the API.
type noopEphemeralResource struct {
	real ephemeral.EphemeralResource
}

func (e *noopEphemeralResource) Metadata(ctx context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	e.real.Metadata(ctx, req, resp)
}

func (e *noopEphemeralResource) Schema(ctx context.Context, req ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	e.real.Schema(ctx, req, resp)
}

func (e *noopEphemeralResource) ConfigValidators(ctx context.Context) []ephemeral.ConfigValidator {
	if v, ok := e.real.(ephemeral.EphemeralResourceWithConfigValidators); ok {
		return v.ConfigValidators(ctx)
	}
	return nil
}

func (e *noopEphemeralResource) ValidateConfig(ctx context.Context, req ephemeral.ValidateConfigRequest, resp *ephemeral.ValidateConfigResponse) {
	if v, ok := e.real.(ephemeral.EphemeralResourceWithValidateConfig); ok {
		v.ValidateConfig(ctx, req, resp)
	}
}

func (e *noopEphemeralResource) Open(_ context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	result, err := known(req.Config.Raw)
	if err != nil {
		resp.Diagnostics.AddError("noop provider", err.Error())
		return
	}
	resp.Result.Raw = result
}
