package acctest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/provider"
)

// providerAddress is the provider's registry address, as main.go serves it.
const providerAddress = "registry.terraform.io/appsintoss-terraform/appsintoss"

// CLI is a Terraform working directory driven by the real Terraform CLI, with the provider
// served from this test process. It exists for what terraform-plugin-testing cannot express:
// the harness runs every command with -parallelism=10, and some behaviour (a shared rate limit
// under load) only shows with more concurrency.
type CLI struct {
	t         *testing.T
	dir       string
	terraform string
	env       []string
}

// NewCLI writes config (without a terraform block: the provider requirement is added) into a
// temporary directory, serves a fresh provider instance for the lifetime of the test, and runs
// `terraform init`. Like resource.Test, it skips the test unless TF_ACC is set.
func NewCLI(t *testing.T, config string) *CLI {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run it (as terraform-plugin-testing does)")
	}
	PreCheck(t)
	ensureHermeticCLI(t)
	terraform, err := terraformPath()
	if err != nil {
		t.Fatalf("acctest: %v", err)
	}
	dir := t.TempDir()
	header := "terraform {\n  required_providers {\n    appsintoss = { source = \"appsintoss-terraform/appsintoss\" }\n  }\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(header+config), 0o600); err != nil {
		t.Fatal(err)
	}
	reattach := serveProvider(t)
	c := &CLI{t: t, dir: dir, terraform: terraform,
		env: append(os.Environ(), "TF_REATTACH_PROVIDERS="+reattach, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")}
	if out, err := c.Run("init", "-input=false", "-no-color"); err != nil {
		t.Fatalf("terraform init: %v\n%s", err, out)
	}
	return c
}

// Dir is the working directory, for files a command writes there (plan -generate-config-out).
func (c *CLI) Dir() string { return c.dir }

// Run runs one terraform command in the working directory and returns what it printed (stdout
// and stderr together) and its error, an *exec.ExitError for a non-zero exit.
func (c *CLI) Run(args ...string) (string, error) {
	c.t.Helper()
	cmd := exec.CommandContext(c.t.Context(), c.terraform, args...) // #nosec G204 -- the test's own terraform
	cmd.Dir = c.dir
	cmd.Env = c.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// terraformPath is the CLI the acceptance tests use: TF_ACC_TERRAFORM_PATH, else terraform on
// PATH.
func terraformPath() (string, error) {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p, nil
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		return "", errors.New("no Terraform CLI: set TF_ACC_TERRAFORM_PATH or put terraform on PATH")
	}
	return p, nil
}

// serveProvider serves one provider instance over go-plugin in debug mode, the way
// terraform-plugin-testing does, and returns the TF_REATTACH_PROVIDERS value that points
// Terraform at it. The server stops when the test ends.
func serveProvider(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	reattachCh := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- tf6server.Serve(providerAddress, providerserver.NewProtocol6(provider.New("test")()),
			tf6server.WithDebug(ctx, reattachCh, closed),
			tf6server.WithLoggingSink(t), // TF_LOG / TF_LOG_PATH decide, as for the harness' tests
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()))
	}()
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-reattachCh:
	case err := <-served:
		cancel()
		t.Fatalf("acctest: serving the provider: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		<-closed
	})
	type addr struct{ Network, String string }
	reattach, err := json.Marshal(map[string]any{providerAddress: map[string]any{
		"Protocol": string(cfg.Protocol), "ProtocolVersion": cfg.ProtocolVersion, "Pid": cfg.Pid, "Test": cfg.Test,
		"Addr": addr{Network: cfg.Addr.Network(), String: cfg.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return string(reattach)
}
