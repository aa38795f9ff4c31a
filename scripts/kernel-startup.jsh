// RNN Lab kernel start-up, run by the "Java (RNN Lab)" kernel (kernelspec rnnlab-java) before any notebook cell.
// It defines the line magic %rnnlab, the one line at the top of every notebook. %rnnlab puts
// $RNNLAB_HOME/lib/rnnlab.jar on the kernel's class path; JJava then finds the jar's extension
// (rnnlab.notebook.RnnLabExtension), which runs the common imports and registers the renderers.
// RNNLAB_HOME is the project folder, written into the kernelspec by `make` (scripts/install-kernel),
// so the same line works in notebooks/ and in any subfolder, in JupyterLab and headless.
// Running %rnnlab again in the same kernel does nothing.
org.dflib.jjava.jupyter.kernel.BaseKernel.notebookKernel().getMagicsRegistry().registerLineMagic("rnnlab",
    new org.dflib.jjava.jupyter.kernel.magic.LineMagic<Object, org.dflib.jjava.jupyter.kernel.BaseKernel>() {
        private boolean loaded;

        @Override
        public Object eval(org.dflib.jjava.jupyter.kernel.BaseKernel kernel, java.util.List<String> args) {
            if (!args.isEmpty()) {
                throw new IllegalArgumentException("%rnnlab takes no arguments, got " + args);
            }
            String home = System.getenv("RNNLAB_HOME");
            if (home == null || home.isBlank()) {
                throw new IllegalStateException("%rnnlab: RNNLAB_HOME is not set. Choose the kernel \"Java (RNN Lab)\""
                        + " (installed by `make lab`), not the plain \"Java (jjava)\" one.");
            }
            java.nio.file.Path jar = java.nio.file.Path.of(home, "lib", "rnnlab.jar");
            if (!java.nio.file.Files.isRegularFile(jar)) {
                throw new IllegalStateException("%rnnlab: " + jar + " does not exist. Run `make jar` in " + home
                        + ", then restart the kernel.");
            }
            if (!loaded) {
                org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.lineMagic("classpath", java.util.List.of(jar.toString()));
                loaded = true;
            }
            return null;
        }
    });
