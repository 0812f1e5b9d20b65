// Command terraform-provider-appsintoss serves the Apps in Toss provider to Terraform over
// plugin protocol 6.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/provider"
)

// Generate docs/ with tfplugindocs (pinned in tools/go.mod), offline: see scripts/docs.sh.
//go:generate bash scripts/docs.sh

// version is set by goreleaser at release time; "dev" marks a local build.
var version = "dev"

func main() {
	var debugMode bool
	flag.BoolVar(&debugMode, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	provider.TuneProcess(debugMode)

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/appsintoss-terraform/appsintoss",
		Debug:   debugMode,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
