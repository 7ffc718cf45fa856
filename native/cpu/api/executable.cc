// Compilation and execution entry points of the CPU plugin. Client_Compile hands MLIR
// text to the engine (engine/engine.h); LoadedExecutable_Execute runs the program on the
// calling thread and returns outputs that are ready at once. Device_PoisonExecution stops a
// run in progress from another thread: it is found by device and options.launch_id, and its
// Execute call returns the poisoning error at the run's next step or loop iteration.
#include <cstring>
#include <string>
#include <string_view>

#include "api/entries.h"
#include "api/objects.h"

namespace tsmlx::api {

namespace {

const char kMemoryKind[] = "device";

std::shared_ptr<const CompiledProgram> describe(std::unique_ptr<cpu::Program> program) {
  auto compiled = std::make_shared<CompiledProgram>();
  compiled->name = program->name();
  for (const cpu::TensorType& t : program->result_types()) {
    compiled->output_types.push_back(static_cast<PJRT_Buffer_Type>(t.type));
    compiled->output_ranks.push_back(t.dims.size());
    compiled->output_dims.insert(compiled->output_dims.end(), t.dims.begin(), t.dims.end());
    compiled->output_memory_kinds.push_back(kMemoryKind);
    compiled->output_memory_kind_sizes.push_back(sizeof(kMemoryKind) - 1);
  }
  compiled->program = std::move(program);
  return compiled;
}

std::shared_ptr<const CompiledProgram> loaded_program(PJRT_LoadedExecutable* exe) {
  std::lock_guard<std::mutex> lock(exe->mu);
  return exe->compiled;
}

}  // namespace

// ---------------------------------------------------------------- compile

PJRT_Error* Client_Compile(PJRT_Client_Compile_Args* args) {
  static const char kFn[] = "PJRT_Client_Compile";
  TSMLX_CHECK_ARGS(args, PJRT_Client_Compile_Args, kFn);
  TSMLX_REQUIRE(args->client, kFn, "args->client");
  TSMLX_REQUIRE(args->program, kFn, "args->program");
  TSMLX_CHECK_ARGS(args->program, PJRT_Program, "PJRT_Client_Compile (program)");
  const PJRT_Program* program = args->program;
  std::string_view format(program->format ? program->format : "", program->format ? program->format_size : 0);
  if (format != "mlir") {
    return make_error(PJRT_Error_Code_INVALID_ARGUMENT,
                      "[compile] program format '" + std::string(format) +
                          "' is not supported by the tsmlx CPU plugin; expected 'mlir' (StableHLO text)");
  }
  if (program->code == nullptr && program->code_size != 0) {
    return make_error(PJRT_Error_Code_INVALID_ARGUMENT, "[compile] program code is NULL");
  }
  if (args->compile_options == nullptr && args->compile_options_size != 0) {
    return make_error(PJRT_Error_Code_INVALID_ARGUMENT, "[compile] compile_options is NULL but its size is not 0");
  }
  std::string_view code(program->code ? program->code : "", program->code_size);
  if (code.size() >= 4 && std::memcmp(code.data(), "ML\xefR", 4) == 0) {
    return make_error(PJRT_Error_Code_INVALID_ARGUMENT,
                      "[compile] MLIR bytecode is not supported by the tsmlx CPU plugin; pass MLIR text");
  }
  // compile_options (a serialized xla.CompileOptionsProto) is accepted and ignored.
  return guarded(kFn, [&]() -> PJRT_Error* {
    std::unique_ptr<cpu::Program> compiled;
    std::unique_ptr<cpu::Error> err = cpu::compile_program(code, &compiled);
    if (err) return make_error(to_pjrt_code(err->code), err->message);
    if (!compiled) return make_error(PJRT_Error_Code_INTERNAL, "[compile] the engine returned no program");
    auto* exe = new PJRT_LoadedExecutable();
    exe->client = args->client;
    exe->compiled = describe(std::move(compiled));
    args->executable = exe;
    return nullptr;
  });
}

// ---------------------------------------------------------------- executables

PJRT_Error* Executable_Destroy(PJRT_Executable_Destroy_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Executable_Destroy_Args, "PJRT_Executable_Destroy");
  delete args->executable;
  return nullptr;
}

PJRT_Error* Executable_Name(PJRT_Executable_Name_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Executable_Name_Args, "PJRT_Executable_Name");
  TSMLX_REQUIRE(args->executable, "PJRT_Executable_Name", "args->executable");
  args->executable_name = args->executable->compiled->name.data();
  args->executable_name_size = args->executable->compiled->name.size();
  return nullptr;
}

PJRT_Error* Executable_NumReplicas(PJRT_Executable_NumReplicas_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Executable_NumReplicas_Args, "PJRT_Executable_NumReplicas");
  TSMLX_REQUIRE(args->executable, "PJRT_Executable_NumReplicas", "args->executable");
  args->num_replicas = 1;
  return nullptr;
}

PJRT_Error* Executable_NumPartitions(PJRT_Executable_NumPartitions_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Executable_NumPartitions_Args, "PJRT_Executable_NumPartitions");
  TSMLX_REQUIRE(args->executable, "PJRT_Executable_NumPartitions", "args->executable");
  args->num_partitions = 1;
  return nullptr;
}

PJRT_Error* Executable_NumOutputs(PJRT_Executable_NumOutputs_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Executable_NumOutputs_Args, "PJRT_Executable_NumOutputs");
  TSMLX_REQUIRE(args->executable, "PJRT_Executable_NumOutputs", "args->executable");
  args->num_outputs = args->executable->compiled->output_types.size();
  return nullptr;
}

PJRT_Error* Executable_SizeOfGeneratedCodeInBytes(PJRT_Executable_SizeOfGeneratedCodeInBytes_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Executable_SizeOfGeneratedCodeInBytes_Args,
                   "PJRT_Executable_SizeOfGeneratedCodeInBytes");
  TSMLX_REQUIRE(args->executable, "PJRT_Executable_SizeOfGeneratedCodeInBytes", "args->executable");
  args->size_in_bytes = 0;  // an interpreter of planned steps: no generated code
  return nullptr;
}

PJRT_Error* Executable_OutputElementTypes(PJRT_Executable_OutputElementTypes_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Executable_OutputElementTypes_Args, "PJRT_Executable_OutputElementTypes");
  TSMLX_REQUIRE(args->executable, "PJRT_Executable_OutputElementTypes", "args->executable");
  const CompiledProgram& c = *args->executable->compiled;
  args->output_types = const_cast<PJRT_Buffer_Type*>(c.output_types.data());
  args->num_output_types = c.output_types.size();
  return nullptr;
}

PJRT_Error* Executable_OutputDimensions(PJRT_Executable_OutputDimensions_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Executable_OutputDimensions_Args, "PJRT_Executable_OutputDimensions");
  TSMLX_REQUIRE(args->executable, "PJRT_Executable_OutputDimensions", "args->executable");
  const CompiledProgram& c = *args->executable->compiled;
  args->num_outputs = c.output_ranks.size();
  args->dims = c.output_dims.data();
  args->dim_sizes = c.output_ranks.data();
  return nullptr;
}

PJRT_Error* Executable_OutputMemoryKinds(PJRT_Executable_OutputMemoryKinds_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_Executable_OutputMemoryKinds_Args, "PJRT_Executable_OutputMemoryKinds");
  TSMLX_REQUIRE(args->executable, "PJRT_Executable_OutputMemoryKinds", "args->executable");
  const CompiledProgram& c = *args->executable->compiled;
  args->num_outputs = c.output_memory_kinds.size();
  args->memory_kinds = c.output_memory_kinds.data();
  args->memory_kind_sizes = c.output_memory_kind_sizes.data();
  return nullptr;
}

// ---------------------------------------------------------------- loaded executables

PJRT_Error* LoadedExecutable_Destroy(PJRT_LoadedExecutable_Destroy_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_LoadedExecutable_Destroy_Args, "PJRT_LoadedExecutable_Destroy");
  delete args->executable;
  return nullptr;
}

PJRT_Error* LoadedExecutable_GetExecutable(PJRT_LoadedExecutable_GetExecutable_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_LoadedExecutable_GetExecutable_Args, "PJRT_LoadedExecutable_GetExecutable");
  TSMLX_REQUIRE(args->loaded_executable, "PJRT_LoadedExecutable_GetExecutable", "args->loaded_executable");
  auto compiled = loaded_program(args->loaded_executable);
  if (!compiled) {
    return make_error(PJRT_Error_Code_FAILED_PRECONDITION,
                      "PJRT_LoadedExecutable_GetExecutable: the executable has been deleted");
  }
  return guarded("PJRT_LoadedExecutable_GetExecutable", [&]() -> PJRT_Error* {
    args->executable = new PJRT_Executable{std::move(compiled)};
    return nullptr;
  });
}

PJRT_Error* LoadedExecutable_AddressableDevices(PJRT_LoadedExecutable_AddressableDevices_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_LoadedExecutable_AddressableDevices_Args, "PJRT_LoadedExecutable_AddressableDevices");
  TSMLX_REQUIRE(args->executable, "PJRT_LoadedExecutable_AddressableDevices", "args->executable");
  args->addressable_devices = args->executable->client->devices.data();
  args->num_addressable_devices = 1;
  return nullptr;
}

PJRT_Error* LoadedExecutable_Delete(PJRT_LoadedExecutable_Delete_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_LoadedExecutable_Delete_Args, "PJRT_LoadedExecutable_Delete");
  TSMLX_REQUIRE(args->executable, "PJRT_LoadedExecutable_Delete", "args->executable");
  std::shared_ptr<const CompiledProgram> dropped;  // freed outside the lock
  {
    std::lock_guard<std::mutex> lock(args->executable->mu);
    dropped.swap(args->executable->compiled);
  }
  return nullptr;
}

PJRT_Error* LoadedExecutable_IsDeleted(PJRT_LoadedExecutable_IsDeleted_Args* args) {
  TSMLX_CHECK_ARGS(args, PJRT_LoadedExecutable_IsDeleted_Args, "PJRT_LoadedExecutable_IsDeleted");
  TSMLX_REQUIRE(args->executable, "PJRT_LoadedExecutable_IsDeleted", "args->executable");
  args->is_deleted = loaded_program(args->executable) == nullptr;
  return nullptr;
}

PJRT_Error* LoadedExecutable_Execute(PJRT_LoadedExecutable_Execute_Args* args) {
  static const char kFn[] = "PJRT_LoadedExecutable_Execute";
  TSMLX_CHECK_ARGS(args, PJRT_LoadedExecutable_Execute_Args, kFn);
  TSMLX_REQUIRE(args->executable, kFn, "args->executable");
  TSMLX_REQUIRE(args->options, kFn, "args->options");
  // The options are read no further than the non-donatable list, which older callers also
  // pass: every argument not listed there is donated (its buffer reads as deleted once
  // Execute returns, and the run may update its bytes in place or return them).
  if (PJRT_Error* e = check_args(args->options, args->options->struct_size,
                                 PJRT_ABI_SIZE(PJRT_ExecuteOptions, num_non_donatable_input_indices),
                                 "PJRT_LoadedExecutable_Execute (options)")) {
    return e;
  }
  PJRT_LoadedExecutable* exe = args->executable;
  if (args->num_devices != 1) {
    return make_error(PJRT_Error_Code_INVALID_ARGUMENT,
                      "[execute] num_devices is " + std::to_string(args->num_devices) +
                          ", the CPU plugin runs on exactly 1 device");
  }
  if (args->execute_device != nullptr && args->execute_device->client != exe->client) {
    return make_error(PJRT_Error_Code_INVALID_ARGUMENT, "[execute] execute_device belongs to another client");
  }
  auto compiled = loaded_program(exe);
  if (!compiled) {
    return make_error(PJRT_Error_Code_FAILED_PRECONDITION, "[execute] the executable has been deleted");
  }
  if (!compiled->output_types.empty()) {
    TSMLX_REQUIRE(args->output_lists, kFn, "args->output_lists");
    TSMLX_REQUIRE(args->output_lists[0], kFn, "args->output_lists[0]");
  }
  const auto& params = compiled->program->parameter_types();
  if (args->num_args != params.size()) {
    return make_error(PJRT_Error_Code_INVALID_ARGUMENT,
                      "[execute] " + compiled->name + " takes " + std::to_string(params.size()) +
                          " argument(s), got " + std::to_string(args->num_args));
  }
  if (args->num_args > 0 && (args->argument_lists == nullptr || args->argument_lists[0] == nullptr)) {
    return make_error(PJRT_Error_Code_INVALID_ARGUMENT, "[execute] argument_lists is NULL");
  }
  return guarded(kFn, [&]() -> PJRT_Error* {
    const PJRT_ExecuteOptions* opts = args->options;
    if (opts->num_non_donatable_input_indices > 0 && opts->non_donatable_input_indices == nullptr) {
      return make_error(PJRT_Error_Code_INVALID_ARGUMENT, "[execute] non_donatable_input_indices is NULL");
    }
    std::vector<bool> donated(args->num_args, true);
    for (size_t k = 0; k < opts->num_non_donatable_input_indices; ++k) {
      const int64_t i = opts->non_donatable_input_indices[k];
      if (i >= 0 && static_cast<size_t>(i) < donated.size()) donated[i] = false;
    }
    std::vector<cpu::Tensor> inputs(args->num_args);
    for (size_t i = 0; i < args->num_args; ++i) {
      PJRT_Buffer* b = args->argument_lists[0][i];
      if (b == nullptr) {
        return make_error(PJRT_Error_Code_INVALID_ARGUMENT, "[execute] argument " + std::to_string(i) + " is NULL");
      }
      if (b->client != exe->client) {
        return make_error(PJRT_Error_Code_INVALID_ARGUMENT,
                          "[execute] argument " + std::to_string(i) + " belongs to another client");
      }
      // A buffer passed more than once is read by several parameters: it is not donated.
      for (size_t j = 0; j < args->num_args; ++j)
        if (j != i && args->argument_lists[0][j] == b) donated[i] = false;
      {
        std::lock_guard<std::mutex> lock(b->mu);
        inputs[i].storage = b->storage;
      }
      if (!inputs[i].storage) {
        return make_error(PJRT_Error_Code_INVALID_ARGUMENT,
                          "[execute] argument " + std::to_string(i) + " has been deleted or donated");
      }
      inputs[i].type = b->type;
      if (b->type != params[i]) {
        return make_error(PJRT_Error_Code_INVALID_ARGUMENT,
                          "[execute] argument " + std::to_string(i) + " of " + compiled->name + " is " +
                              b->type.to_string() + ", expected " + params[i].to_string());
      }
    }
    // Every argument checked: the donated ones now give up their storage to the run.
    for (size_t i = 0; i < args->num_args; ++i) {
      if (!donated[i]) continue;
      PJRT_Buffer* b = args->argument_lists[0][i];
      std::lock_guard<std::mutex> lock(b->mu);
      if (b->storage == inputs[i].storage) b->storage.reset();
    }
    std::vector<cpu::Tensor> outputs;
    RunningExecution running;
    running.device = args->execute_device != nullptr ? args->execute_device : exe->client->devices[0];
    running.launch_id = opts->launch_id;
    PJRT_Client* client = exe->client;
    std::list<RunningExecution*>::iterator registered;
    {
      std::lock_guard<std::mutex> lock(client->runs_mu);
      registered = client->runs.insert(client->runs.end(), &running);
    }
    std::unique_ptr<cpu::Error> err;
    {
      cpu::CancelScope scope(&running.cancel);
      err = compiled->program->run(std::move(inputs), &outputs);
    }
    {
      std::lock_guard<std::mutex> lock(client->runs_mu);
      client->runs.erase(registered);
    }
    if (err) return make_error(to_pjrt_code(err->code), err->message);
    if (outputs.size() != compiled->output_types.size()) {
      return make_error(PJRT_Error_Code_INTERNAL, "[execute] the engine returned " + std::to_string(outputs.size()) +
                                                      " results, expected " +
                                                      std::to_string(compiled->output_types.size()));
    }
    // Build every output before handing any out, so a failure leaks nothing.
    std::vector<std::unique_ptr<PJRT_Buffer>> made;
    made.reserve(outputs.size());
    for (cpu::Tensor& t : outputs) {
      auto b = std::make_unique<PJRT_Buffer>();
      b->client = exe->client;
      b->device = exe->client->devices[0];
      b->dims = t.type.dims;
      b->type = std::move(t.type);
      b->storage = std::move(t.storage);
      made.push_back(std::move(b));
    }
    std::unique_ptr<PJRT_Event> done;
    if (args->device_complete_events != nullptr) done.reset(ready_event());
    for (size_t i = 0; i < made.size(); ++i) args->output_lists[0][i] = made[i].release();
    if (done) args->device_complete_events[0] = done.release();
    return nullptr;
  });
}

PJRT_Error* Device_PoisonExecution(PJRT_Device_PoisonExecution_Args* args) {
  static const char kFn[] = "PJRT_Device_PoisonExecution";
  TSMLX_CHECK_ARGS(args, PJRT_Device_PoisonExecution_Args, kFn);
  TSMLX_REQUIRE(args->device, kFn, "args->device");
  if (args->error_message == nullptr && args->error_message_size != 0) {
    return make_error(PJRT_Error_Code_INVALID_ARGUMENT, std::string(kFn) + ": error_message is NULL");
  }
  std::string message(args->error_message ? args->error_message : "", args->error_message_size);
  if (message.empty()) message = "[execute] the execution with launch_id " + std::to_string(args->launch_id) + " was poisoned";
  const PJRT_Error_Code code = args->error_code == PJRT_Error_Code_OK ? PJRT_Error_Code_CANCELLED : args->error_code;
  PJRT_Client* client = args->device->client;
  args->poisoned = false;
  std::lock_guard<std::mutex> lock(client->runs_mu);
  for (RunningExecution* run : client->runs) {
    if (run->device != args->device || run->launch_id != args->launch_id || run->cancel.cancelled()) continue;
    args->poisoned = run->cancel.cancel(code, message);
    break;
  }
  return nullptr;
}

}  // namespace tsmlx::api
