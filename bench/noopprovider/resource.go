package main

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var (
	_ resource.ResourceWithConfigValidators = (*noopResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*noopResource)(nil)
	_ resource.ResourceWithImportState      = (*noopResource)(nil)
)

// noopResource borrows Metadata, Schema (attributes, validators, plan modifiers, defaults) and the
// validation of a real resource and replaces everything that would talk to the API.
type noopResource struct {
	real resource.Resource
}

func (r *noopResource) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	r.real.Metadata(ctx, req, resp)
}

func (r *noopResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	r.real.Schema(ctx, req, resp)
}

// ConfigValidators and ValidateConfig run the real resource's checks, when it has them, so that
// validation costs the floor what it costs the provider.
func (r *noopResource) ConfigValidators(ctx context.Context) []resource.ConfigValidator {
	if v, ok := r.real.(resource.ResourceWithConfigValidators); ok {
		return v.ConfigValidators(ctx)
	}
	return nil
}

func (r *noopResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if v, ok := r.real.(resource.ResourceWithValidateConfig); ok {
		v.ValidateConfig(ctx, req, resp)
	}
}

func (r *noopResource) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	state, err := known(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("noop provider", err.Error())
		return
	}
	resp.State.Raw = state
}

// Read keeps the prior state, which the framework has already copied into resp.State.
func (r *noopResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *noopResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	state, err := known(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("noop provider", err.Error())
		return
	}
	resp.State.Raw = state
}

// Delete does nothing: the framework removes the resource from state.
func (r *noopResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// ImportState is the real resource's: it only turns the ID into state, and Read then keeps it.
func (r *noopResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if imp, ok := r.real.(resource.ResourceWithImportState); ok {
		imp.ImportState(ctx, req, resp)
		return
	}
	resp.Diagnostics.AddError("Resource Import Not Implemented",
		"The real provider does not import this resource type, so neither does the benchmark's floor.")
}
