// Command sdkgen writes the SDKs of a Pulumi provider from its schema.json with
// Pulumi's own code generators, the ones `pulumi package gen-sdk` reaches
// through each language's host. The language hosts this project can build are
// too old to answer gen-sdk, so this calls the generators directly.
//
//	sdkgen --schema schema.json --out DIR --language nodejs,python,go
//
// writes DIR/<language>/ for each language asked for, replacing what was there.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blang/semver"
	"github.com/hashicorp/hcl/v2"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// tool is named in the "do not edit" header of every generated file.
const tool = "pulumi-99digital sdkgen"

var generators = map[string]func(*schema.Package) (map[string][]byte, error){
	"nodejs": func(pkg *schema.Package) (map[string][]byte, error) {
		return nodejs.GeneratePackage(tool, pkg, nil, nil, false, noLoader{})
	},
	"python": func(pkg *schema.Package) (map[string][]byte, error) {
		return python.GeneratePackage(tool, pkg, nil, noLoader{})
	},
	"go": func(pkg *schema.Package) (map[string][]byte, error) {
		return gogen.GeneratePackage(tool, pkg, nil)
	},
}

// Asked for by name, so it gets a reason rather than "unknown language".
const dotnetMissing = "dotnet: Pulumi's .NET generator is no longer in github.com/pulumi/pulumi/pkg/v3 " +
	"(it moved to the pulumi-dotnet repository), so sdkgen cannot write a .NET SDK"

func main() {
	schemaPath := flag.String("schema", "", "the provider's schema.json (required)")
	out := flag.String("out", "", "directory to write <language>/ SDK folders into (required)")
	languages := flag.String("language", "nodejs,python,go", "comma-separated languages: "+strings.Join(known(), ", "))
	flag.Parse()
	var err error
	if flag.NArg() > 0 {
		err = fmt.Errorf("unexpected argument %q: the schema goes after --schema", flag.Arg(0))
	} else {
		err = run(*schemaPath, *out, *languages)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sdkgen:", err)
		os.Exit(1)
	}
}

func run(schemaPath, out, languageList string) error {
	if schemaPath == "" || out == "" {
		return errors.New("--schema and --out are required")
	}
	// Every language is checked before anything is written.
	var languages []string
	for _, lang := range strings.Split(languageList, ",") {
		lang = strings.TrimSpace(lang)
		switch {
		case lang == "dotnet":
			return errors.New(dotnetMissing)
		case generators[lang] == nil:
			return fmt.Errorf("--language: unknown language %q (known: %s)", lang, strings.Join(known(), ", "))
		}
		languages = append(languages, lang)
	}

	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return fmt.Errorf("%s is not a package schema: %w", schemaPath, err)
	}

	for _, lang := range languages {
		// Each generator records its language's settings in the package, so
		// each gets a package of its own.
		pkg, diags, err := schema.BindSpec(spec, noLoader{}, schema.ValidationOptions{})
		if err != nil {
			return err
		}
		if diags.HasErrors() {
			return fmt.Errorf("%s does not bind:%s", schemaPath, describe(diags))
		}
		files, err := generators[lang](pkg)
		if err != nil {
			return fmt.Errorf("%s: %w", lang, err)
		}
		if err := write(filepath.Join(out, lang), files); err != nil {
			return err
		}
	}
	return nil
}

// write replaces dir with files, so no file of an earlier schema lingers.
func write(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// describe lists every error, one a line: hcl's own text names only the first.
func describe(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			fmt.Fprintf(&b, "\n  %s", d.Summary)
			if d.Detail != "" {
				fmt.Fprintf(&b, ": %s", d.Detail)
			}
		}
	}
	return b.String()
}

func known() []string {
	names := make([]string, 0, len(generators))
	for name := range generators {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// noLoader loads no other package: the provider's schema stands alone, and a
// reference to another package is an error rather than a plugin download.
type noLoader struct{}

func refused(name string) error {
	return fmt.Errorf("the schema refers to package %q; sdkgen loads no other packages", name)
}

func (noLoader) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, refused(name)
}

func (noLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, refused(d.Name)
}

func (noLoader) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, refused(name)
}

func (noLoader) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, refused(d.Name)
}
