#!/usr/bin/env node
/** The `tsmlx` executable (package.json "bin"): `tsmlx --help`. */
import process from "node:process";
import { main } from "./main.js";

process.exitCode = await main(process.argv.slice(2));
